package org.postroom.connector.ra.pop3;

import java.util.Locale;
import org.postroom.connector.ra.net.TlsMode;

/** The two POP3 listeners: STLS on the plain port (RFC 2595), implicit TLS on the other (RFC 8314). */
public enum Pop3ListenerKind {
    /** Port 110: STLS offered. */
    POP3(2110, TlsMode.STARTTLS),
    /** Port 995: TLS from the first byte. */
    POP3S(2995, TlsMode.IMPLICIT);

    private final int defaultPort;
    private final TlsMode tlsMode;

    Pop3ListenerKind(int defaultPort, TlsMode tlsMode) {
        this.defaultPort = defaultPort;
        this.tlsMode = tlsMode;
    }

    /** The unprivileged default port (the standard port plus 2000): 2110, 2995. */
    public int defaultPort() {
        return defaultPort;
    }

    public TlsMode tlsMode() {
        return tlsMode;
    }

    /** {@code pop3} or {@code pop3s}, any case. */
    public static Pop3ListenerKind parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("kind must be pop3 or pop3s: " + value);
        }
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
