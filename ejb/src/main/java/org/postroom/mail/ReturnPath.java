package org.postroom.mail;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The {@code Return-Path:} line that final delivery puts on top of a message (RFC 5321 section 4.4): the envelope's
 * reverse-path in angle brackets, {@code <>} for the null sender. ADR 0025.
 */
final class ReturnPath {

    private ReturnPath() {
    }

    /** {@code Return-Path: <sender>} with CRLF, in UTF-8 (an SMTPUTF8 sender keeps its characters). */
    static byte[] line(Optional<String> sender) {
        String path = sender.map(s -> s.replaceAll("[\\r\\n<>]", "")).orElse("");
        return ("Return-Path: <" + path + ">\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The message with {@code line} above everything, trace headers included. */
    static byte[] prepend(byte[] line, byte[] message) {
        byte[] out = new byte[line.length + message.length];
        System.arraycopy(line, 0, out, 0, line.length);
        System.arraycopy(message, 0, out, line.length, message.length);
        return out;
    }
}
