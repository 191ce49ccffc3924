package org.postroom.connector.ra.imap;

import org.postroom.connector.ra.net.ListenerKind;
import java.util.Objects;
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
 */
public record ImapListenerSettings(ListenerKind kind, ListenerSettings network, String hostname,
        boolean allowPlaintextAuthOnLoopback, long maxMessageBytes, long messageCacheBytes) {

    public ImapListenerSettings {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(hostname, "hostname");
        if (kind.tlsMode() == TlsMode.IMPLICIT && network.tlsMode() != TlsMode.IMPLICIT) {
            throw new IllegalArgumentException("imaps needs implicit TLS");
        }
        if (messageCacheBytes < 0) {
            throw new IllegalArgumentException("messageCacheBytes must not be negative: " + messageCacheBytes);
        }
    }

    /** With the default message cache capacity. */
    public ImapListenerSettings(ListenerKind kind, ListenerSettings network, String hostname,
            boolean allowPlaintextAuthOnLoopback, long maxMessageBytes) {
        this(kind, network, hostname, allowPlaintextAuthOnLoopback, maxMessageBytes,
                ImapConfig.DEFAULT_MESSAGE_CACHE_BYTES);
    }

    /** The engine's configuration for this listener. */
    public ImapConfig engineConfig() {
        return new ImapConfig(hostname, allowPlaintextAuthOnLoopback, network.tlsMode() == TlsMode.STARTTLS,
                network.tlsMode() == TlsMode.IMPLICIT, maxMessageBytes, messageCacheBytes);
    }
}
