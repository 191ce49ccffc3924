package org.postroom.connector.ra.net;

import java.net.InetSocketAddress;

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
     */
    ProtocolSession create(InetSocketAddress clientAddress, Runnable waker);

    /** Written before closing a connection refused because the listener is at its connection limit. */
    byte[] tooManyConnectionsReply();

    /** Written before closing a connection that stayed idle too long. */
    byte[] idleTimeoutReply();

    /** Written to open connections when the listener stops. */
    byte[] shutdownReply();
}
