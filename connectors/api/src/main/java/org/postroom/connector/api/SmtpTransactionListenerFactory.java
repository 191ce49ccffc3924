package org.postroom.connector.api;

/**
 * Creates the {@link SmtpTransactionListener} of each SMTP mail transaction; one factory serves every connection of
 * a listening endpoint, so it must be thread-safe.
 */
@FunctionalInterface
public interface SmtpTransactionListenerFactory {

    /**
     * Called when the client sends a syntactically valid MAIL FROM, just before {@code from(...)}.
     *
     * @param session the connection as it is when the transaction starts
     * @param queueId the engine's id for this transaction; it is also written in the {@code Received:} header, so
     *            reusing it as the queue id keeps logs and headers aligned
     */
    SmtpTransactionListener create(SessionContext session, String queueId);
}
