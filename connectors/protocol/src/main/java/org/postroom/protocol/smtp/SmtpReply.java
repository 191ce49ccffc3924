package org.postroom.protocol.smtp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One SMTP reply: a code, an RFC 3463 enhanced status code (empty where RFC 2034 has none: the greeting, EHLO/HELO
 * answers and 3xx intermediate replies) and one or more lines of text.
 *
 * <p>
 * Text lines are printable ASCII; {@link #of(int, String, String)} replaces anything else (a listener's rejection
 * text, a client's input) so a reply can never carry a CR or LF that would split it.
 *
 * @see SmtpReplies for the replies this engine uses
 */
public record SmtpReply(int code, String enhancedCode, List<String> lines) {

    private static final Pattern ENHANCED = Pattern.compile("[245]\\.[0-9]{1,3}\\.[0-9]{1,3}");

    public SmtpReply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code out of range: " + code);
        }
        Objects.requireNonNull(enhancedCode, "enhancedCode");
        if (!enhancedCode.isEmpty() && (!ENHANCED.matcher(enhancedCode).matches()
                || enhancedCode.charAt(0) != Integer.toString(code).charAt(0))) {
            throw new IllegalArgumentException("enhanced code " + enhancedCode + " does not fit reply code " + code);
        }
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply needs at least one line");
        }
        for (String line : lines) {
            if (!isPrintable(line)) {
                throw new IllegalArgumentException("reply text must be printable ASCII: " + line);
            }
        }
    }

    /** A one-line reply; non-printable characters in {@code text} become {@code ?}. */
    public static SmtpReply of(int code, String enhancedCode, String text) {
        return new SmtpReply(code, enhancedCode, List.of(printable(text)));
    }

    /** A multi-line reply such as the EHLO answer. */
    public static SmtpReply multiline(int code, String enhancedCode, List<String> lines) {
        return new SmtpReply(code, enhancedCode, lines.stream().map(SmtpReply::printable).toList());
    }

    /** The same code and enhanced code with other text. */
    public SmtpReply withText(String text) {
        return of(code, enhancedCode, text);
    }

    public boolean isPositive() {
        return code < 400;
    }

    /** The first line's text. */
    public String text() {
        return lines.get(0);
    }

    /** The reply as sent: {@code 250-first\r\n250 last\r\n}, enhanced code after the code on every line. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        encodeTo(out);
        return out.toByteArray();
    }

    void encodeTo(ByteArrayOutputStream out) {
        for (int i = 0; i < lines.size(); i++) {
            StringBuilder line = new StringBuilder(80).append(code).append(i + 1 < lines.size() ? '-' : ' ');
            if (!enhancedCode.isEmpty()) {
                line.append(enhancedCode);
                if (!lines.get(i).isEmpty()) {
                    line.append(' ');
                }
            }
            line.append(lines.get(i)).append("\r\n");
            out.writeBytes(line.toString().getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Override
    public String toString() {
        return new String(encode(), StandardCharsets.US_ASCII).stripTrailing();
    }

    private static boolean isPrintable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c > 0x7e ? '?' : c);
        }
        return b.toString();
    }
}
