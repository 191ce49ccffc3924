package org.postroom.connector.api.outbound;

import java.util.Objects;
import java.util.Optional;

/**
 * One RCPT TO of the transaction, with the DSN parameters (RFC 3461) to pass on when the next hop offers DSN.
 *
 * @param address the forward path, without angle brackets
 * @param notifyConditions the {@code NOTIFY=} value as received (e.g. {@code SUCCESS,FAILURE}), when there was one
 * @param originalRecipient the {@code ORCPT=} value as received ({@code rfc822;addr} in xtext), when there was one
 */
public record OutboundRecipient(String address, Optional<String> notifyConditions, Optional<String> originalRecipient) {

    public OutboundRecipient {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(notifyConditions, "notifyConditions");
        Objects.requireNonNull(originalRecipient, "originalRecipient");
    }

    public static OutboundRecipient of(String address) {
        return new OutboundRecipient(address, Optional.empty(), Optional.empty());
    }
}
