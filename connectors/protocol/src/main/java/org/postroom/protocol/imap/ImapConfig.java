package org.postroom.protocol.imap;

import java.util.Objects;

/**
 * The settings of one IMAP listening endpoint.
 *
 * @param hostname this server's name, in the greeting
 * @param plaintextAuthOnLoopback allow LOGIN and AUTHENTICATE without TLS to clients on loopback (local webmail,
 *            tests); otherwise LOGINDISABLED is advertised and passwords are accepted only over TLS
 * @param startTlsAvailable the adapter can start TLS on this endpoint (advertise and accept STARTTLS)
 * @param implicitTls the connection is TLS from its first byte (port 993, RFC 8314)
 * @param maxMessageSize the largest message APPEND accepts, in octets (its literal is refused before it is read)
 * @param messageCacheBytes the capacity of the {@link MessageCache} of message contents shared by the sessions, in
 *            bytes; 0 disables it (ADR 0020)
 */
public record ImapConfig(String hostname, boolean plaintextAuthOnLoopback, boolean startTlsAvailable,
        boolean implicitTls, long maxMessageSize, long messageCacheBytes) {

    /** Default {@link #messageCacheBytes()}: 64 MiB. */
    public static final long DEFAULT_MESSAGE_CACHE_BYTES = 64L << 20;

    /** Longest command line in octets, not counting literals, CRLF included. */
    public static final int MAX_LINE_LENGTH = 64 * 1024;

    /** Largest literal accepted in a command other than APPEND (a mailbox name, a search string, a password). */
    public static final int MAX_LITERAL_SIZE = 64 * 1024;

    /** Largest command other than APPEND, literals included. */
    public static final int MAX_COMMAND_SIZE = 1024 * 1024;

    /**
     * Before authentication: the largest non-synchronizing literal (RFC 7888 LITERAL-, advertised until login; a
     * larger one is refused with BAD and the connection closed).
     */
    public static final int PRE_AUTH_NON_SYNC_LITERAL_SIZE = 4096;

    /** Before authentication: the largest command, literals included (a LOGIN needs a few hundred octets). */
    public static final int PRE_AUTH_COMMAND_SIZE = 64 * 1024;

    public ImapConfig {
        Objects.requireNonNull(hostname, "hostname");
        if (hostname.isBlank() || !hostname.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("invalid hostname: " + hostname);
        }
        if (implicitTls && startTlsAvailable) {
            throw new IllegalArgumentException("STARTTLS makes no sense on an implicit-TLS endpoint");
        }
        if (maxMessageSize < 1) {
            throw new IllegalArgumentException("maxMessageSize must be positive: " + maxMessageSize);
        }
        if (messageCacheBytes < 0) {
            throw new IllegalArgumentException("messageCacheBytes must not be negative: " + messageCacheBytes);
        }
    }

    /** With the default message cache capacity. */
    public ImapConfig(String hostname, boolean plaintextAuthOnLoopback, boolean startTlsAvailable, boolean implicitTls,
            long maxMessageSize) {
        this(hostname, plaintextAuthOnLoopback, startTlsAvailable, implicitTls, maxMessageSize,
                DEFAULT_MESSAGE_CACHE_BYTES);
    }
}
