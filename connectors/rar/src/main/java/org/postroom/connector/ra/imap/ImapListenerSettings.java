package org.postroom.connector.ra.imap;

import org.postroom.connector.ra.net.ListenerKind;
import java.nio.file.Path;
import java.util.Objects;
import org.postroom.protocol.ConnectionsPerUserAndAddress;
import org.postroom.connector.ra.net.ListenerSettings;
import org.postroom.connector.ra.net.TlsMode;
import org.postroom.protocol.imap.ImapConfig;

/**
 * Everything one IMAP listener needs, independent of JCA.
 *
 * @param kind STARTTLS or implicit TLS
 * @param network socket, limits, idle timeout and TLS
 * @param hostname this server's name, in the greeting
 * @param allowPlaintextAuthOnLoopback accept LOGIN and AUTHENTICATE without TLS from loopback clients
 * @param maxMessageBytes the largest message APPEND accepts
 * @param messageCacheBytes the capacity of the message cache (ADR 0020); 0 disables it
 * @param maxConnectionsPerUserAndAddress logged-in sessions of one user from one client address (loopback exempt
 *            as {@link ListenerSettings#exemptLoopback()} says)
 * @param spoolDirectory where APPEND literals larger than the engine's spool threshold wait while they arrive
 */
public record ImapListenerSettings(ListenerKind kind, ListenerSettings network, String hostname,
        boolean allowPlaintextAuthOnLoopback, long maxMessageBytes, long messageCacheBytes,
        int maxConnectionsPerUserAndAddress, Path spoolDirectory) {

    /** Large APPEND literals spooled in the JVM's temporary directory. */
    public ImapListenerSettings(ListenerKind kind, ListenerSettings network, String hostname,
            boolean allowPlaintextAuthOnLoopback, long maxMessageBytes, long messageCacheBytes,
            int maxConnectionsPerUserAndAddress) {
        this(kind, network, hostname, allowPlaintextAuthOnLoopback, maxMessageBytes, messageCacheBytes,
                maxConnectionsPerUserAndAddress, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** No limit per user and address. */
    public ImapListenerSettings(ListenerKind kind, ListenerSettings network, String hostname,
            boolean allowPlaintextAuthOnLoopback, long maxMessageBytes, long messageCacheBytes) {
        this(kind, network, hostname, allowPlaintextAuthOnLoopback, maxMessageBytes, messageCacheBytes,
                Integer.MAX_VALUE);
    }

    public ImapListenerSettings {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(spoolDirectory, "spoolDirectory");
        if (kind.tlsMode() == TlsMode.IMPLICIT && network.tlsMode() != TlsMode.IMPLICIT) {
            throw new IllegalArgumentException("imaps needs implicit TLS");
        }
        if (messageCacheBytes < 0) {
            throw new IllegalArgumentException("messageCacheBytes must not be negative: " + messageCacheBytes);
        }
        if (maxConnectionsPerUserAndAddress < 1) {
            throw new IllegalArgumentException("maxConnectionsPerUserAndAddress must be positive");
        }
    }

    /** With the default message cache capacity. */
    public ImapListenerSettings(ListenerKind kind, ListenerSettings network, String hostname,
            boolean allowPlaintextAuthOnLoopback, long maxMessageBytes) {
        this(kind, network, hostname, allowPlaintextAuthOnLoopback, maxMessageBytes,
                ImapConfig.DEFAULT_MESSAGE_CACHE_BYTES);
    }

    /** A counter for this listener alone (the resource adapter shares one between its IMAP listeners). */
    public ConnectionsPerUserAndAddress newPerUserCounter() {
        return maxConnectionsPerUserAndAddress == Integer.MAX_VALUE
                ? ConnectionsPerUserAndAddress.UNLIMITED
                : new ConnectionsPerUserAndAddress(maxConnectionsPerUserAndAddress, network.exemptLoopback());
    }

    /** The engine's configuration for this listener. */
    public ImapConfig engineConfig() {
        return new ImapConfig(hostname, allowPlaintextAuthOnLoopback, network.tlsMode() == TlsMode.STARTTLS,
                network.tlsMode() == TlsMode.IMPLICIT, maxMessageBytes, messageCacheBytes);
    }
}
