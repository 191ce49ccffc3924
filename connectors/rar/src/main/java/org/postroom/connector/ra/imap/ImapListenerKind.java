package org.postroom.connector.ra.imap;

import java.util.Locale;
import org.postroom.connector.ra.net.TlsMode;

/** The two IMAP listeners: STARTTLS on the plain port (RFC 3501), implicit TLS on the other (RFC 8314). */
public enum ImapListenerKind {
    /** Port 143: STARTTLS offered. */
    IMAP(2143, TlsMode.STARTTLS),
    /** Port 993: TLS from the first byte. */
    IMAPS(2993, TlsMode.IMPLICIT);

    private final int defaultPort;
    private final TlsMode tlsMode;

    ImapListenerKind(int defaultPort, TlsMode tlsMode) {
        this.defaultPort = defaultPort;
        this.tlsMode = tlsMode;
    }

    /** The unprivileged default port (the standard port plus 2000): 2143, 2993. */
    public int defaultPort() {
        return defaultPort;
    }

    public TlsMode tlsMode() {
        return tlsMode;
    }

    /** {@code imap} or {@code imaps}, any case. */
    public static ImapListenerKind parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("kind must be imap or imaps: " + value);
        }
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
