package org.postroom.protocol.pop3;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the engine produced for some input: responses to write, in order, and what the adapter must do next.
 *
 * @param responses responses to write in this order (with PIPELINING, write them all, then flush)
 * @param startTls the client was told {@code +OK Begin TLS negotiation}: install TLS (the reply itself still goes
 *            out in plaintext), discard every byte already received or buffered, and call
 *            {@link Pop3SessionDriver#tlsStarted()} once the handshake completed
 * @param close write the responses, then close the connection
 * @param delay hold the responses back this long before writing them, reading nothing meanwhile (a failed login,
 *            see {@link org.postroom.protocol.AuthFailurePolicy}); zero for most outputs
 */
public record Pop3Output(List<Pop3Response> responses, boolean startTls, boolean close, Duration delay) {

    /** Nothing to write, nothing to do. */
    public static final Pop3Output NONE = new Pop3Output(List.of(), false, false, Duration.ZERO);

    public Pop3Output {
        responses = List.copyOf(responses);
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay");
        }
    }

    public Pop3Output(List<Pop3Response> responses, boolean startTls, boolean close) {
        this(responses, startTls, close, Duration.ZERO);
    }

    public boolean isEmpty() {
        return responses.isEmpty() && !startTls && !close;
    }

    /** The bytes to write. */
    public byte[] encode() {
        int size = 0;
        for (Pop3Response response : responses) {
            // a message sized at once: no copy each time the buffer would double
            size += response instanceof Pop3MultiLine m ? m.bodyLength() + 64 + 3 : 64;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        for (Pop3Response response : responses) {
            response.encodeTo(out);
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return new String(encode(), StandardCharsets.ISO_8859_1) + (startTls ? "[startTls]" : "")
                + (close ? "[close]" : "")
                + (delay.isZero() ? "" : "[delay " + delay.toMillis() + " ms]");
    }
}
