package org.postroom.connector.ra.pop3;

import org.postroom.connector.ra.net.ListenerKind;
import java.util.Objects;
import org.postroom.connector.ra.net.ListenerSettings;
import org.postroom.connector.ra.net.TlsMode;
import org.postroom.protocol.pop3.Pop3Config;

/**
 * Everything one POP3 listener needs, independent of JCA.
 *
 * @param kind STLS or implicit TLS
 * @param network socket, limits, idle timeout and TLS
 * @param hostname this server's name, in the greeting
 * @param allowPlaintextAuthOnLoopback accept USER/PASS and AUTH PLAIN without TLS from loopback clients
 */
public record Pop3ListenerSettings(ListenerKind kind, ListenerSettings network, String hostname,
        boolean allowPlaintextAuthOnLoopback) {

    public Pop3ListenerSettings {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(hostname, "hostname");
        if (kind.tlsMode() == TlsMode.IMPLICIT && network.tlsMode() != TlsMode.IMPLICIT) {
            throw new IllegalArgumentException("pop3s needs implicit TLS");
        }
    }

    /** The engine's configuration for this listener. */
    public Pop3Config engineConfig() {
        return new Pop3Config(hostname, allowPlaintextAuthOnLoopback, network.tlsMode() == TlsMode.STARTTLS,
                network.tlsMode() == TlsMode.IMPLICIT);
    }
}
