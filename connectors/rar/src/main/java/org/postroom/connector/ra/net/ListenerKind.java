package org.postroom.connector.ra.net;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Every listener a mail server runs, by protocol; each fixes its default port and TLS mode. */
public enum ListenerKind {
    /** Public MX (RFC 5321), port 25: STARTTLS offered, AUTH offered only under TLS, not required. */
    SMTP("smtp", 2525, TlsMode.STARTTLS),
    /** Message submission (RFC 6409), port 587: STARTTLS offered, AUTH required before MAIL. */
    SUBMISSION("smtp", 2587, TlsMode.STARTTLS),
    /** Submission over implicit TLS (RFC 8314), port 465: AUTH required. */
    SMTPS("smtp", 2465, TlsMode.IMPLICIT),
    /** POP3, port 110: STLS offered (RFC 2595). */
    POP3("pop3", 2110, TlsMode.STARTTLS),
    /** POP3 over implicit TLS, port 995. */
    POP3S("pop3", 2995, TlsMode.IMPLICIT),
    /** IMAP, port 143: STARTTLS offered. */
    IMAP("imap", 2143, TlsMode.STARTTLS),
    /** IMAP over implicit TLS, port 993. */
    IMAPS("imap", 2993, TlsMode.IMPLICIT);

    private final String protocol;
    private final int defaultPort;
    private final TlsMode tlsMode;

    ListenerKind(String protocol, int defaultPort, TlsMode tlsMode) {
        this.protocol = protocol;
        this.defaultPort = defaultPort;
        this.tlsMode = tlsMode;
    }

    /** {@code smtp}, {@code pop3} or {@code imap}. */
    public String protocol() {
        return protocol;
    }

    /** The unprivileged default port (the standard port plus 2000 or 2500): 2525, 2587, 2465, 2110, 2995, 2143, 2993. */
    public int defaultPort() {
        return defaultPort;
    }

    public TlsMode tlsMode() {
        return tlsMode;
    }

    /**
     * The default limit of connections from one client address (issue 14): 20 for SMTP and POP3, 50 for IMAP (a mail
     * client opens several IMAP connections, and a household or office shares one address).
     */
    public int defaultMaxConnectionsPerAddress() {
        return protocol.equals("imap") ? 50 : 20;
    }

    /**
     * New connections one client address may open per minute on this listener (ADR 0071): 60 for SMTP, 120 for POP3,
     * 300 for IMAP (clients open several connections and reconnect after sleep; offices share an address).
     */
    public int defaultConnectionsPerMinute() {
        return switch (protocol) {
            case "imap" -> 300;
            case "pop3" -> 120;
            default -> 60;
        };
    }

    /** SMTP only: the listener requires AUTH before MAIL (submission). */
    public boolean authRequired() {
        return this == SUBMISSION || this == SMTPS;
    }

    /**
     * A kind of the given protocol, by name, any case.
     *
     * @throws IllegalArgumentException naming the kinds the protocol has
     */
    public static ListenerKind parse(String protocol, String value) {
        for (ListenerKind kind : values()) {
            if (kind.protocol.equals(protocol) && value != null && kind.configName().equals(
                    value.trim().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("kind must be " + Arrays.stream(values())
                .filter(k -> k.protocol.equals(protocol))
                .map(ListenerKind::configName)
                .collect(Collectors.joining(", ")) + ": " + value);
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
