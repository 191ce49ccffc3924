package org.postroom.protocol.pop3;

import java.io.ByteArrayOutputStream;

/**
 * A SASL continuation with an empty challenge, {@code + CRLF} (RFC 5034 section 4): the only challenge PLAIN needs.
 * The client answers with one base64 line, or {@code *} to cancel.
 */
public record Pop3Continuation() implements Pop3Response {

    private static final byte[] BYTES = {'+', ' ', '\r', '\n'};

    @Override
    public void encodeTo(ByteArrayOutputStream out) {
        out.writeBytes(BYTES);
    }
}
