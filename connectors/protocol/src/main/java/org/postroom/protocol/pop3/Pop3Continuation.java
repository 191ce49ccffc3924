package org.postroom.protocol.pop3;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A SASL continuation, {@code + challenge CRLF} (RFC 5034 section 4); PLAIN's challenge is empty. The client answers
 * with one base64 line, or {@code *} to cancel.
 *
 * @param base64 the challenge, already base64 (empty for none)
 */
public record Pop3Continuation(String base64) implements Pop3Response {

    @Override
    public void encodeTo(ByteArrayOutputStream out) {
        out.write('+');
        out.write(' ');
        out.writeBytes(base64.getBytes(StandardCharsets.US_ASCII));
        out.write('\r');
        out.write('\n');
    }
}
