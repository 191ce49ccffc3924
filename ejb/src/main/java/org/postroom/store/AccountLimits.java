package org.postroom.store;

import java.util.List;
import java.util.Objects;

/**
 * What the mail rules need of an account (RCPT TO, the size check at the end of DATA, delivery), read with plain
 * statements instead of building the entity (ADR 0019). Null limits are unlimited.
 */
public record AccountLimits(long id, String address, Long maxMessageBytes, Long quotaMaxBytes,
        Long quotaMaxMessages, List<String> acceptSenders, List<String> rejectSenders) {

    public AccountLimits {
        Objects.requireNonNull(address, "address");
        acceptSenders = List.copyOf(acceptSenders);
        rejectSenders = List.copyOf(rejectSenders);
    }
}
