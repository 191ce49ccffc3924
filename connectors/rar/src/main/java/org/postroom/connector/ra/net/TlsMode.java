package org.postroom.connector.ra.net;

/** How TLS is used on a listener. */
public enum TlsMode {
    /** No TLS at all (tests, or a listener without a certificate). */
    NONE,
    /** Plaintext first; the protocol upgrades on request (SMTP STARTTLS, POP3 STLS, IMAP STARTTLS). */
    STARTTLS,
    /** TLS from the first byte (RFC 8314: ports 465, 993, 995). */
    IMPLICIT
}
