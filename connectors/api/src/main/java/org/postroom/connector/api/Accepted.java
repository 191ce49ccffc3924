package org.postroom.connector.api;

import java.util.Objects;

/**
 * The business side's acceptance of a message: it is durable under {@code queueId}, which the engine quotes in its
 * reply ({@code 250 2.0.0 Ok: queued as <queueId>}). The id is printable ASCII without spaces.
 */
public record Accepted(String queueId) {

    public Accepted {
        Objects.requireNonNull(queueId, "queueId");
        if (queueId.isEmpty() || queueId.length() > 128) {
            throw new IllegalArgumentException("queue id must have 1 to 128 characters");
        }
        for (int i = 0; i < queueId.length(); i++) {
            char c = queueId.charAt(i);
            if (c <= 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("queue id must be printable ASCII without spaces");
            }
        }
    }
}
