package org.postroom.connector.ra.net;

import java.nio.ByteBuffer;

/**
 * One connection's protocol engine as the network layer sees it (SMTP, POP3, IMAP). The network layer
 * calls it only from the connection's {@link OrderedDispatcher.SerialExecutor}, or on the event loop while it holds
 * that lane idle ({@link #receiveWithoutBlocking}): one call at a time, in arrival order, so implementations need no
 * locking; only {@link #receiveWithoutBlocking} must not block, the others may block in listener calls.
 */
public interface ProtocolSession {

    /** The greeting. Called once, first. */
    ProtocolOutput start();

    /** Raw bytes as read from the connection (decrypted when TLS is active); consumes all of {@code in}. */
    ProtocolOutput receive(ByteBuffer in);

    /**
     * The start of {@code in} as far as it can be answered without blocking (see
     * {@link org.postroom.protocol.SessionDriver#receiveWithoutBlocking}); the rest stays in {@code in} for
     * {@link #receive}. Called on the event loop, but only while the lane is idle and held for this call.
     */
    ProtocolOutput receiveWithoutBlocking(ByteBuffer in);

    /**
     * Whether {@link #receive}-ing {@code in} may ask for a login (see
     * {@link org.postroom.protocol.SessionDriver#mayAuthenticate}); consumes nothing. Such input runs on the
     * dispatcher's login pool. Default: never.
     */
    default boolean mayAuthenticate(ByteBuffer in) {
        return false;
    }

    /** See {@link org.postroom.protocol.SessionDriver#awaitingLogin}. Default: no. */
    default boolean awaitingLogin() {
        return false;
    }

    /** See {@link org.postroom.protocol.SessionDriver#midCommand}. Default: never. */
    default boolean midCommand() {
        return false;
    }

    /** The TLS handshake that a {@link ProtocolOutput#startTls()} output asked for completed. */
    void tlsStarted();

    /**
     * Something outside the connection concerns this session (an IMAP mailbox it has selected changed); called on the
     * lane after someone ran the waker the factory was given. Sessions of protocols without such events return
     * {@link ProtocolOutput#NONE}.
     */
    ProtocolOutput wake();

    /** The connection is gone (client close, QUIT, timeout, shutdown): release everything. Idempotent. */
    void close();
}
