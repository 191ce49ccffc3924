package org.postroom.connector.api.outbound;

import java.util.concurrent.CompletionStage;

/** A handle to the adapter's outbound SMTP client; not a socket (see the package description). */
public interface OutboundSmtpConnection extends AutoCloseable {

    /**
     * Hands one transaction over and returns at once. The stage completes (never exceptionally for a network or
     * protocol failure: those are recipient outcomes) with one outcome per recipient, in the transaction's order,
     * when the remote host answered the end of DATA, or when every candidate host failed or was refused by the TLS
     * policy. It completes on an adapter thread: the caller moves back to a managed thread before touching the
     * database.
     */
    CompletionStage<TransactionOutcome> send(OutboundTransaction transaction);

    /** Releases the handle; transactions already handed over go on. */
    @Override
    void close();
}
