package org.postroom.protocol.smtp.client;

import org.postroom.connector.api.outbound.TransactionOutcome;

/** What the {@link SmtpClientSession} tells its owner (the adapter's connection pool). Same thread as the session. */
public interface ClientEvents {

    /**
     * The transaction given to {@link SmtpClientSession#begin} settled: every recipient has an outcome. The session
     * is then {@linkplain SmtpClientSession#idle() idle} (reusable after RSET) or closing.
     */
    void transactionDone(TransactionOutcome outcome);

    /**
     * The session failed before the transaction's MAIL FROM was sent (greeting, EHLO, STARTTLS, AUTH, a reused
     * connection's RSET): nothing of the transaction reached this host; try it elsewhere. The session is closing.
     */
    void sessionFailed(SessionFailure failure);

    /**
     * Why a session failed before a transaction could start.
     *
     * @param reply the remote reply, or one composed for the failure
     * @param retryInClear a TLS handshake failed under the opportunistic policy: the same host may be tried again
     *        without STARTTLS
     */
    record SessionFailure(ClientReply reply, boolean retryInClear) {
    }
}
