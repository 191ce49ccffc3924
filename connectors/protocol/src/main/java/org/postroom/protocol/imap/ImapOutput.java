package org.postroom.protocol.imap;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the engine produced for some input: the bytes to write, and what the adapter must do next.
 *
 * @param bytes the responses, encoded, to write in one go
 * @param startTls the client was told to begin TLS: install TLS (the reply itself goes out in plaintext), discard
 *            every byte already received or buffered, and call {@link ImapSessionDriver#tlsStarted()} once the
 *            handshake completed
 * @param close write the bytes, then close the connection
 * @param delay hold the bytes back this long before writing them (a failed authentication: see
 *            {@link org.postroom.protocol.AuthFailurePolicy}); the session takes no input meanwhile
 */
public record ImapOutput(byte[] bytes, boolean startTls, boolean close, Duration delay) {

    /** Nothing to write, nothing to do. */
    public static final ImapOutput NONE = new ImapOutput(new byte[0], false, false, Duration.ZERO);

    public ImapOutput {
        bytes = bytes.clone();
        Objects.requireNonNull(delay, "delay");
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public boolean isEmpty() {
        return bytes.length == 0 && !startTls && !close && delay.isZero();
    }

    /** The bytes as ISO-8859-1 text (tests, logs). */
    public String text() {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImapOutput other && Arrays.equals(bytes, other.bytes) && startTls == other.startTls
                && close == other.close && delay.equals(other.delay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(bytes), startTls, close, delay);
    }

    @Override
    public String toString() {
        return text() + (startTls ? "[startTls]" : "") + (close ? "[close]" : "")
                + (delay.isZero() ? "" : "[delay " + delay + "]");
    }
}
