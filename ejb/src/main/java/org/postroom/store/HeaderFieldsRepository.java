package org.postroom.store;

import java.util.Optional;

/** The envelope metadata of stored message content, one row per content. */
public interface HeaderFieldsRepository {

    Optional<MessageHeaderFields> find(long contentId);

    MessageHeaderFields add(MessageHeaderFields envelope);

    /**
     * {@link #add} with one plain statement, written at once (the delivery path, ADR 0019); the content must be in the
     * database already.
     */
    void addRow(MessageHeaderFields envelope);
}
