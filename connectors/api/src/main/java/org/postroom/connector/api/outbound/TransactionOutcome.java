package org.postroom.connector.api.outbound;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of one {@link OutboundTransaction}: one {@link RecipientOutcome} per recipient, in the transaction's
 * order.
 *
 * @param host the host the transaction ended on, when one was reached
 * @param tls whether the session that carried it was encrypted
 */
public record TransactionOutcome(Optional<String> host, boolean tls, List<RecipientOutcome> recipients) {

    public TransactionOutcome {
        recipients = List.copyOf(recipients);
    }
}
