package org.postroom.protocol.imap;

/** What the session expects next from the connection. */
public enum ImapInputMode {
    /** Commands (with literals). */
    COMMAND,
    /** A base64 SASL response line after a {@code +} challenge, or {@code *}. */
    SASL_RESPONSE,
    /** {@code DONE} ends IDLE. */
    IDLE,
    /** STARTTLS was accepted; input is discarded until the handshake completed. */
    AWAITING_TLS,
    /** LOGOUT, or the connection ended; input is discarded. */
    CLOSED
}
