package org.postroom.connector.ra.net;

import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The network settings of one listening socket, whatever the protocol.
 *
 * @param name a short name for logs and metrics, such as {@code smtp/2525}
 * @param bindAddress the local address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the local port; {@code 0} picks a free one (tests)
 * @param maxConnections connections beyond this many are refused with the protocol's "too many connections" reply
 * @param idleTimeout a connection that sends nothing for this long gets the idle reply and is closed
 * @param tlsMode whether and how TLS is used
 * @param sslContext the server TLS context; present unless {@code tlsMode} is {@link TlsMode#NONE}
 * @param maxConnectionsPerAddress connections from one client address beyond this many are refused with the
 *            protocol's "too many connections from your address" reply
 * @param exemptLoopback loopback clients are not counted against {@code maxConnectionsPerAddress} nor
 *            {@code connectionsPerMinute}
 * @param connectionsPerMinute new connections from one client address per minute beyond which they are refused with
 *            the protocol's "too many connections from your address" reply; 0 for no limit
 */
public record ListenerSettings(String name, String bindAddress, int port, int maxConnections, Duration idleTimeout,
        TlsMode tlsMode, Optional<SslContext> sslContext, int maxConnectionsPerAddress, boolean exemptLoopback,
        int connectionsPerMinute) {

    /** No limit on the connection rate. */
    public ListenerSettings(String name, String bindAddress, int port, int maxConnections, Duration idleTimeout,
            TlsMode tlsMode, Optional<SslContext> sslContext, int maxConnectionsPerAddress, boolean exemptLoopback) {
        this(name, bindAddress, port, maxConnections, idleTimeout, tlsMode, sslContext, maxConnectionsPerAddress,
                exemptLoopback, 0);
    }

    /** No limit per client address. */
    public ListenerSettings(String name, String bindAddress, int port, int maxConnections, Duration idleTimeout,
            TlsMode tlsMode, Optional<SslContext> sslContext) {
        this(name, bindAddress, port, maxConnections, idleTimeout, tlsMode, sslContext, Integer.MAX_VALUE, true);
    }

    public ListenerSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(tlsMode, "tlsMode");
        Objects.requireNonNull(sslContext, "sslContext");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive");
        }
        if (connectionsPerMinute < 0) {
            throw new IllegalArgumentException("connectionsPerMinute must not be negative");
        }
        if (maxConnectionsPerAddress < 1) {
            throw new IllegalArgumentException("maxConnectionsPerAddress must be positive");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
        if ((tlsMode == TlsMode.NONE) != sslContext.isEmpty()) {
            throw new IllegalArgumentException("a TLS context is needed exactly when tlsMode is not NONE");
        }
    }
}
