package org.postroom.protocol.pop3;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One POP3 status line: {@code +OK text} or {@code -ERR [CODE] text}, with an optional RFC 2449 response code.
 * Text is printable ASCII; {@link #ok(String)} and {@link #err(String, String)} replace anything else, so a reply can
 * never carry a CR or LF that would split it.
 *
 * @param positive {@code +OK} or {@code -ERR}
 * @param responseCode an RFC 2449 response code such as {@code AUTH}, {@code IN-USE}, {@code SYS/TEMP}, or empty
 * @param text the rest of the line, possibly empty
 * @see Pop3Replies for the replies this engine uses
 */
public record Pop3Reply(boolean positive, String responseCode, String text) implements Pop3Response {

    private static final Pattern CODE = Pattern.compile("[A-Z0-9-]+(/[A-Z0-9-]+)*");

    public Pop3Reply {
        Objects.requireNonNull(responseCode, "responseCode");
        Objects.requireNonNull(text, "text");
        if (!responseCode.isEmpty() && !CODE.matcher(responseCode).matches()) {
            throw new IllegalArgumentException("invalid response code: " + responseCode);
        }
        if (!text.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw new IllegalArgumentException("reply text must be printable ASCII: " + text);
        }
    }

    public static Pop3Reply ok(String text) {
        return new Pop3Reply(true, "", printable(text));
    }

    public static Pop3Reply err(String text) {
        return new Pop3Reply(false, "", printable(text));
    }

    public static Pop3Reply err(String responseCode, String text) {
        return new Pop3Reply(false, responseCode, printable(text));
    }

    /** The status line as sent, with CRLF. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        encodeTo(out);
        return out.toByteArray();
    }

    @Override
    public void encodeTo(ByteArrayOutputStream out) {
        StringBuilder line = new StringBuilder(64).append(positive ? "+OK" : "-ERR");
        if (!responseCode.isEmpty()) {
            line.append(" [").append(responseCode).append(']');
        }
        if (!text.isEmpty()) {
            line.append(' ').append(text);
        }
        line.append("\r\n");
        out.writeBytes(line.toString().getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return new String(encode(), StandardCharsets.US_ASCII).stripTrailing();
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.chars().forEach(c -> b.append(c < 0x20 || c > 0x7e ? '?' : (char) c));
        return b.toString();
    }
}
