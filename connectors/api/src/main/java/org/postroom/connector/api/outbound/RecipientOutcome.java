package org.postroom.connector.api.outbound;

import java.util.Objects;
import java.util.Optional;

/**
 * What became of one recipient.
 *
 * @param recipient the address as in the transaction
 * @param status see {@link Status}
 * @param reply the remote reply as received, one line per reply line joined with a space (e.g. {@code 250 2.0.0 Ok:
 *        queued as 4Xy}), or a reply this side composed for a failure without one (e.g. {@code 451 4.4.1 connection
 *        refused by mx1.example.com[192.0.2.1]:25})
 * @param remoteHost the host that answered for this recipient, {@code name[address]:port}; empty when none was reached
 */
public record RecipientOutcome(String recipient, Status status, String reply, Optional<String> remoteHost) {

    public enum Status {
        /** The next hop took responsibility (2xx after DATA). */
        DELIVERED,
        /** Try again later (4xx, no host reachable, TLS policy not met, timeout). */
        DEFERRED,
        /** Permanent failure (5xx): bounce. */
        FAILED
    }

    public RecipientOutcome {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reply, "reply");
        Objects.requireNonNull(remoteHost, "remoteHost");
    }
}
