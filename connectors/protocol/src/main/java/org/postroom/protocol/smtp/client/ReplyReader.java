package org.postroom.protocol.smtp.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.postroom.protocol.Frame;
import org.postroom.protocol.LineFramer;

/**
 * Frames the server's replies (RFC 5321 section 4.2.1): lines {@code ddd-text} continue a reply, {@code ddd text} (or
 * {@code ddd} alone) ends it. Lines are read as UTF-8 (SMTPUTF8 servers may send it); a line longer than
 * {@value #MAX_LINE} octets, a line without a code, or a code that changes within a reply is a protocol error.
 */
final class ReplyReader {

    static final int MAX_LINE = 8192;
    private static final int MAX_LINES = 1000;

    private final LineFramer framer = new LineFramer(MAX_LINE);
    private final List<String> lines = new ArrayList<>();
    private int code = -1;

    /** Thrown for bytes that are not a reply; the session cannot go on. */
    static final class MalformedReplyException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedReplyException(String message) {
            super(message);
        }
    }

    /**
     * The next complete reply in {@code in}, consuming up to its last line's LF; empty when {@code in} ran out first
     * (what was read is kept).
     */
    Optional<ClientReply> next(ByteBuffer in) throws MalformedReplyException {
        while (true) {
            Frame frame = framer.next(in);
            if (frame instanceof Frame.NeedMore) {
                return Optional.empty();
            }
            if (frame instanceof Frame.Overlong) {
                throw new MalformedReplyException("reply line longer than " + MAX_LINE + " octets");
            }
            String line = new String(((Frame.Line) frame).bytes(), StandardCharsets.UTF_8);
            int lineCode = parseCode(line);
            if (code >= 0 && lineCode != code) {
                throw new MalformedReplyException("reply code changed within a reply: " + code + " then " + lineCode);
            }
            code = lineCode;
            lines.add(line);
            if (lines.size() > MAX_LINES) {
                throw new MalformedReplyException("reply longer than " + MAX_LINES + " lines");
            }
            boolean last = line.length() == 3 || line.charAt(3) == ' ';
            if (last) {
                ClientReply reply = new ClientReply(code, lines);
                lines.clear();
                code = -1;
                return Optional.of(reply);
            }
        }
    }

    boolean hasPartialReply() {
        return !lines.isEmpty() || framer.hasPartialLine();
    }

    private static int parseCode(String line) throws MalformedReplyException {
        if (line.length() < 3 || (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-')) {
            throw new MalformedReplyException("not a reply line: " + abbreviate(line));
        }
        int c = 0;
        for (int i = 0; i < 3; i++) {
            char d = line.charAt(i);
            if (d < '0' || d > '9' || (i == 0 && (d < '2' || d > '5'))) {
                throw new MalformedReplyException("not a reply code: " + abbreviate(line));
            }
            c = c * 10 + (d - '0');
        }
        return c;
    }

    private static String abbreviate(String line) {
        String printable = line.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "..." : printable;
    }
}
