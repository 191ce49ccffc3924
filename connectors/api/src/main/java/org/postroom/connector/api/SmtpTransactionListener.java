package org.postroom.connector.api;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * The business side of one SMTP mail transaction, created by {@link SmtpTransactionListenerFactory} when the client
 * sends MAIL FROM.
 *
 * <p>
 * Call order (the engine guarantees it; each call happens-before the next, none overlap):
 *
 * <pre>
 * from(reversePath, parameters)  exactly once, first
 * recipient(forwardPath, params) zero or more times; only accepted recipients count
 * data(content)                  at most once, only after at least one recipient was accepted
 * done()                         at most once, right after data(...) returned normally
 * </pre>
 *
 * Every listener the factory created ends in exactly one of two ways: {@link #done()} returns normally (the message
 * is accepted), or {@link #abort()} is called (the transaction ended any other way: a rejection thrown by
 * {@code from}, {@code data} or {@code done}, RSET, a new EHLO, STARTTLS, QUIT, the engine refusing the content, or
 * the connection closing). No method is called after either.
 *
 * <p>
 * Throwing {@link RejectException} refuses that step with the reply it carries: a refused {@code from} ends the
 * transaction; a refused {@code recipient} only drops that recipient; a refused {@code data} or {@code done} ends
 * the transaction. Any other runtime exception is answered with {@code 451 4.3.0} and handled like a refusal.
 *
 * <p>
 * Calls may block (database, directory, queue): the resource adapter makes them off the network event loop.
 */
public interface SmtpTransactionListener {

    /**
     * The envelope sender. {@code parameters.declaredSize()} was already checked against the maximum size.
     *
     * @return how long the engine holds its {@code 250} to MAIL, reading nothing further from the client meanwhile
     *         (in-flow control: the server is behind with delivery and slows acceptance down, as Postfix's
     *         {@code in_flow_delay} does); {@link Duration#ZERO} for none. No thread waits for it.
     */
    Duration from(ReversePath reversePath, MailParameters parameters) throws RejectException;

    /**
     * One envelope recipient; the engine enforces the recipient limit before calling.
     */
    void recipient(MailAddress forwardPath) throws RejectException;

    /**
     * One envelope recipient with its RCPT parameters (RFC 3461 NOTIFY, ORCPT); what the engine calls. The default
     * ignores the parameters; a listener that keeps them overrides it.
     */
    default void recipient(MailAddress forwardPath, RecipientParameters parameters) throws RejectException {
        recipient(forwardPath);
    }

    /**
     * The message content: the engine's {@code Received:} header, then the message as the client sent it, with
     * CRLF line ends and dot-stuffing removed. The size limit, the line-ending checks and the hop count were
     * already applied to the whole message. The stream is valid only during this call and is closed by the engine.
     */
    void data(InputStream content) throws RejectException, IOException;

    /**
     * Commits the message. This is the acknowledgement point: return only once the message is durable (content
     * stored and its delivery job enqueued in the same transaction); the engine then answers {@code 250} to the
     * client, which from then on considers the message delivered to us.
     */
    Accepted done() throws RejectException;

    /**
     * The transaction ended without a successful {@link #done()}: release whatever {@code from}, {@code recipient}
     * or {@code data} reserved. Must not throw; the default does nothing.
     */
    default void abort() {
    }
}
