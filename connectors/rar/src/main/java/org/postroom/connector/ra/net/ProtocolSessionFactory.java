package org.postroom.connector.ra.net;

import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * Creates the {@link ProtocolSession} of each accepted connection of one listener and knows the protocol's
 * connection-level replies, which the network layer writes without a session. Thread-safe.
 */
public interface ProtocolSessionFactory {

    /**
     * Called on a dispatch worker for each accepted connection.
     *
     * @param waker runs {@link ProtocolSession#wake()} on the connection's lane and writes what it returns; callable
     *            from any thread, any number of times, also after the connection closed (then it does nothing)
     * @param stream for output a session produces in the middle of a long reply (an IMAP FETCH of many bodies):
     *            call it on the lane, during {@code receive} or {@code wake}; it writes the bytes before anything the
     *            call returns, and blocks while more than {@link ConnectionHandler#UNWRITTEN_LIMIT} bytes wait to be
     *            written (the client reads slower than the session produces)
     */
    ProtocolSession create(InetSocketAddress clientAddress, Runnable waker, Consumer<byte[]> stream);

    /** Written before closing a connection refused because the listener is at its connection limit. */
    byte[] tooManyConnectionsReply();

    /** Written before closing a connection refused because its client address has too many open already. */
    byte[] tooManyConnectionsFromAddressReply();

    /** Written before closing a connection that stayed idle too long. */
    byte[] idleTimeoutReply();

    /** Written to open connections when the listener stops. */
    byte[] shutdownReply();
}
