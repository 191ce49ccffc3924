package org.postroom.store;

import java.util.List;
import java.util.Objects;

/**
 * What the mail rules need of an account (RCPT TO, the size check at the end of DATA, delivery), read with plain
 * statements instead of building the entity (ADR 0019). Null limits are unlimited. {@code disabled}: the account is
 * kept but takes no mail (ADR 0066).
 */
public record AccountLimits(long id, String address, Long maxMessageBytes, Long quotaMaxBytes,
        Long quotaMaxMessages, List<String> acceptSenders, List<String> rejectSenders, boolean disabled) {

    public AccountLimits {
        Objects.requireNonNull(address, "address");
        acceptSenders = List.copyOf(acceptSenders);
        rejectSenders = List.copyOf(rejectSenders);
    }
}
