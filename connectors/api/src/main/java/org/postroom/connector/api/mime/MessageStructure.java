package org.postroom.connector.api.mime;

import java.util.Objects;

/**
 * A whole message, or a {@code message/rfc822} part's encapsulated message: its envelope and its body.
 *
 * @param envelope the RFC 3501 ENVELOPE of this message's header
 * @param body the body: the top-level part, whose {@link BodyPart#headerOffset()} is where this message's header starts
 */
public record MessageStructure(Envelope envelope, BodyPart body) {

    public MessageStructure {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(body, "body");
    }
}
