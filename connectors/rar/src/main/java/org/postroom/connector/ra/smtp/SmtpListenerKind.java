package org.postroom.connector.ra.smtp;

import java.util.Locale;
import org.postroom.connector.ra.net.TlsMode;

/** The three SMTP listeners a mail server runs; each fixes TLS and AUTH policy. */
public enum SmtpListenerKind {
    /** Public MX (RFC 5321), port 25: STARTTLS offered, AUTH offered only under TLS, not required. */
    SMTP(2525, TlsMode.STARTTLS, false),
    /** Message submission (RFC 6409), port 587: STARTTLS offered, AUTH required before MAIL. */
    SUBMISSION(2587, TlsMode.STARTTLS, true),
    /** Submission over implicit TLS (RFC 8314), port 465: AUTH required. */
    SMTPS(2465, TlsMode.IMPLICIT, true);

    private final int defaultPort;
    private final TlsMode tlsMode;
    private final boolean authRequired;

    SmtpListenerKind(int defaultPort, TlsMode tlsMode, boolean authRequired) {
        this.defaultPort = defaultPort;
        this.tlsMode = tlsMode;
        this.authRequired = authRequired;
    }

    /** The unprivileged default port (the standard port plus 2500): 2525, 2587, 2465. */
    public int defaultPort() {
        return defaultPort;
    }

    public TlsMode tlsMode() {
        return tlsMode;
    }

    public boolean authRequired() {
        return authRequired;
    }

    /** {@code smtp}, {@code submission} or {@code smtps}, any case. */
    public static SmtpListenerKind parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("kind must be smtp, submission or smtps: " + value);
        }
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
