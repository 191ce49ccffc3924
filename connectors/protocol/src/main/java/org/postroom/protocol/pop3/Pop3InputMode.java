package org.postroom.protocol.pop3;

/** What the next input line means to a {@link Pop3Session}. */
public enum Pop3InputMode {
    /** A command. */
    COMMAND,
    /** A base64 SASL response after {@code + } (RFC 5034), or {@code *} to cancel. */
    AUTH_RESPONSE,
    /** STLS was accepted: every byte until the handshake completes is discarded. */
    AWAITING_TLS,
    /** QUIT or connection closed: everything is discarded. */
    CLOSED
}
