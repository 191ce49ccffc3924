package org.postroom.store;

import java.util.Optional;

/** The envelope metadata of stored message content, one row per content. */
public interface EnvelopeRepository {

    Optional<MessageEnvelope> find(long contentId);

    MessageEnvelope add(MessageEnvelope envelope);
}
