package org.postroom.connector.ra.net;

import java.nio.ByteBuffer;

/**
 * One connection's protocol engine as the network layer sees it (SMTP, POP3, IMAP). The network layer
 * calls it only from the connection's {@link OrderedDispatcher.SerialExecutor}: one call at a time, in arrival
 * order, off the event loop, so implementations need no locking and may block in listener calls.
 */
public interface ProtocolSession {

    /** The greeting. Called once, first. */
    ProtocolOutput start();

    /** Raw bytes as read from the connection (decrypted when TLS is active); consumes all of {@code in}. */
    ProtocolOutput receive(ByteBuffer in);

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
