package org.postroom.protocol.smtp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the engine produced for some input: replies to write, in order, and what the adapter must do next.
 *
 * @param replies replies to write in this order (with PIPELINING, write them all, then flush)
 * @param startTls the client was told {@code 220 Ready to start TLS}: install TLS (the reply itself still goes out
 *            in plaintext), discard every byte already received or buffered, and call
 *            {@link SmtpSessionDriver#tlsStarted()} once the handshake completed
 * @param close write the replies, then close the connection
 */
public record SmtpOutput(List<SmtpReply> replies, boolean startTls, boolean close) {

    /** Nothing to write, nothing to do. */
    public static final SmtpOutput NONE = new SmtpOutput(List.of(), false, false);

    public SmtpOutput {
        replies = List.copyOf(replies);
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
                + (close ? "[close]" : "");
    }
}
