package org.postroom.protocol.smtp.client;

import java.time.Duration;

/**
 * What the {@link SmtpClientSession} asks of the connection under it. Every call comes from the thread that drives
 * the session (the connection's event loop in the adapter) and returns at once.
 */
public interface ClientTransport {

    /** Writes and flushes these bytes (one command, or several pipelined). */
    void write(byte[] bytes);

    /**
     * Starts the TLS handshake (after the 220 to STARTTLS), checking the certificate as the session's
     * {@link org.postroom.connector.api.outbound.TlsPolicy} says; then calls {@link SmtpClientSession#tlsStarted()}
     * or {@link SmtpClientSession#tlsFailed(String)}.
     */
    void startTls();

    /**
     * Writes the transaction's content through a {@link DotStuffer}, ending with {@code CRLF.CRLF}, reading the
     * source off this thread; then calls {@link SmtpClientSession#contentSent()} (or
     * {@link SmtpClientSession#contentFailed(String)} when the source cannot be read).
     */
    void sendContent();

    /** A reply is awaited: {@link SmtpClientSession#timeout()} unless input comes within {@code timeout}. */
    void awaitReply(Duration timeout);

    /** No reply is awaited (idle, or writing content): the reply timer stops. */
    void stopTimer();

    /** Closes the connection (after what was written). */
    void close();
}
