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
 */
public record ImapListenerSettings(ListenerKind kind, ListenerSettings network, String hostname,
        boolean allowPlaintextAuthOnLoopback, long maxMessageBytes) {

    public ImapListenerSettings {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(hostname, "hostname");
        if (kind.tlsMode() == TlsMode.IMPLICIT && network.tlsMode() != TlsMode.IMPLICIT) {
            throw new IllegalArgumentException("imaps needs implicit TLS");
        }
    }

    /** The engine's configuration for this listener. */
    public ImapConfig engineConfig() {
        return new ImapConfig(hostname, allowPlaintextAuthOnLoopback, network.tlsMode() == TlsMode.STARTTLS,
                network.tlsMode() == TlsMode.IMPLICIT, maxMessageBytes);
    }
}
