package org.postroom.protocol.smtp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the engine produced for some input: replies to write, in order, and what the adapter must do next.
 *
 * @param replies replies to write in this order (with PIPELINING, write them all, then flush)
 * @param startTls the client was told {@code 220 Ready to start TLS}: install TLS (the reply itself still goes out
 *            in plaintext), discard every byte already received or buffered, and call
 *            {@link SmtpSessionDriver#tlsStarted()} once the handshake completed
 * @param close write the replies, then close the connection
 * @param delay write the replies only after this long, reading nothing from the client meanwhile (in-flow control
 *            at MAIL); zero for at once
 */
public record SmtpOutput(List<SmtpReply> replies, boolean startTls, boolean close, Duration delay) {

    /** Nothing to write, nothing to do. */
    public static final SmtpOutput NONE = new SmtpOutput(List.of(), false, false);

    public SmtpOutput {
        replies = List.copyOf(replies);
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay");
        }
    }

    /** Replies to write at once. */
    public SmtpOutput(List<SmtpReply> replies, boolean startTls, boolean close) {
        this(replies, startTls, close, Duration.ZERO);
    }

    public boolean isEmpty() {
        return replies.isEmpty() && !startTls && !close;
    }

    /** The bytes to write. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * replies.size());
        for (SmtpReply reply : replies) {
            reply.encodeTo(out);
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return new String(encode(), StandardCharsets.US_ASCII) + (startTls ? "[startTls]" : "")
                + (close ? "[close]" : "") + (delay.isZero() ? "" : "[after " + delay.toMillis() + " ms]");
    }
}
