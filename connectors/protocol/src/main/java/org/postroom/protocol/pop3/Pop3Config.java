package org.postroom.protocol.pop3;

import java.util.Objects;

/**
 * The settings of one POP3 listening endpoint.
 *
 * @param hostname this server's name, in the greeting
 * @param plaintextAuthOnLoopback allow USER/PASS and AUTH PLAIN without TLS to clients on loopback (local webmail,
 *            tests)
 * @param startTlsAvailable the adapter can start TLS on this endpoint (advertise and accept STLS)
 * @param implicitTls the connection is TLS from its first byte (port 995, RFC 8314)
 */
public record Pop3Config(String hostname, boolean plaintextAuthOnLoopback, boolean startTlsAvailable,
        boolean implicitTls) {

    /**
     * Longest command line in octets: 255 plus CRLF (RFC 2449 section 4 raises the command length to 255; we do not
     * count the CRLF against it, to be lenient with clients that do).
     */
    public static final int MAX_LINE_LENGTH = 257;

    public Pop3Config {
        Objects.requireNonNull(hostname, "hostname");
        if (hostname.isBlank() || !hostname.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("invalid hostname: " + hostname);
        }
        if (implicitTls && startTlsAvailable) {
            throw new IllegalArgumentException("STLS makes no sense on an implicit-TLS endpoint");
        }
    }
}
