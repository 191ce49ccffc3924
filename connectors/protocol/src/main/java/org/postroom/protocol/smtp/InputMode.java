package org.postroom.protocol.smtp;

/** What kind of input the session expects next; it tells the adapter (or {@link SmtpSessionDriver}) how to frame. */
public enum InputMode {
    /** Command lines: {@link SmtpSession#onLine(byte[])}. */
    COMMAND,
    /** A SASL response line during AUTH (base64 or {@code *}): also {@link SmtpSession#onLine(byte[])}. */
    AUTH_RESPONSE,
    /** Raw message bytes after {@code 354}: {@link SmtpSession#onData(java.nio.ByteBuffer)}. */
    DATA,
    /** STARTTLS accepted, handshake not finished: every received byte is plaintext to discard. */
    AWAITING_TLS,
    /** QUIT answered: nothing more is read. */
    CLOSED
}
