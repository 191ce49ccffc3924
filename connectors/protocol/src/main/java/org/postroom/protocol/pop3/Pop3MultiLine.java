package org.postroom.protocol.pop3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A positive status line followed by a multi-line body (RFC 1939 section 3): every body line that starts with
 * {@code .} gets another {@code .} in front (dot-stuffing), and {@code .CRLF} ends the body.
 *
 * @param status the {@code +OK} line
 * @param body the encoded body: dot-stuffed, ending with CRLF unless empty, <em>without</em> the final
 *            {@code .CRLF}
 */
public record Pop3MultiLine(Pop3Reply status, byte[] body) implements Pop3Response {

    private static final byte[] END = {'.', '\r', '\n'};

    public Pop3MultiLine {
        Objects.requireNonNull(status, "status");
        if (!status.positive()) {
            throw new IllegalArgumentException("only +OK has a multi-line body");
        }
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** A body of short text lines (CAPA, LIST, UIDL). */
    static Pop3MultiLine ofLines(Pop3Reply status, List<String> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : lines) {
            if (line.startsWith(".")) {
                out.write('.');
            }
            out.writeBytes(line.getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(new byte[]{'\r', '\n'});
        }
        return new Pop3MultiLine(status, out.toByteArray());
    }

    /**
     * As {@link #ofMessage(Pop3Reply, InputStream, long)} for a message in memory; RETR (a negative {@code bodyLines})
     * copies the runs between stuffed dots in bulk into an array of the exact size, instead of octet by octet.
     */
    static Pop3MultiLine ofMessage(Pop3Reply status, byte[] message, long bodyLines) throws IOException {
        if (bodyLines >= 0) {
            return ofMessage(status, new java.io.ByteArrayInputStream(message), bodyLines);
        }
        int n = message.length;
        int dots = n > 0 && message[0] == '.' ? 1 : 0;
        for (int i = 1; i < n; i++) {
            if (message[i] == '.' && message[i - 1] == '\n') {
                dots++;
            }
        }
        byte last = n > 0 ? message[n - 1] : 0;
        int tail = n == 0 || (last == '\n' && n > 1 && message[n - 2] == '\r') ? 0 : last == '\r' ? 1 : 2;
        byte[] out = new byte[n + dots + tail];
        int written = 0;
        int from = 0;
        for (int i = 0; i < n; i++) {
            if (message[i] == '.' && (i == 0 || message[i - 1] == '\n')) {
                System.arraycopy(message, from, out, written, i - from);
                written += i - from;
                out[written++] = '.';
                from = i; // the dot itself goes with the next run
            }
        }
        System.arraycopy(message, from, out, written, n - from);
        written += n - from;
        if (tail == 1) {
            out[written] = '\n';
        } else if (tail == 2) {
            out[written] = '\r';
            out[written + 1] = '\n';
        }
        return new Pop3MultiLine(status, out);
    }

    /** The length of the encoded body, without copying it. */
    int bodyLength() {
        return body.length;
    }

    /**
     * A message, copied byte for byte apart from dot-stuffing and a CRLF added if the last line lacks one.
     *
     * @param bodyLines for TOP: the header, the blank line and at most this many body lines; negative for the whole
     *            message (RETR)
     */
    static Pop3MultiLine ofMessage(Pop3Reply status, InputStream message, long bodyLines) throws IOException {
        Bytes out = new Bytes(Math.max(256, message.available() + message.available() / 64 + 2));
        boolean lineStart = true;
        boolean inBody = false;
        long linesLeft = bodyLines;
        int lineLength = 0; // octets of the current line before its LF, CR included
        int previous = -1;
        int beforePrevious = -1;
        byte[] chunk = new byte[8192];
        outer : for (int n; (n = message.read(chunk)) > 0;) {
            for (int i = 0; i < n; i++) {
                if (lineStart && bodyLines >= 0 && inBody && linesLeft-- <= 0) {
                    break outer;
                }
                byte b = chunk[i];
                if (lineStart && b == '.') {
                    out.put((byte) '.');
                }
                out.put(b);
                if (b == '\n') {
                    if (!inBody && (lineLength == 0 || (lineLength == 1 && previous == '\r'))) {
                        inBody = true; // the blank line after the header
                    }
                    lineStart = true;
                    lineLength = 0;
                } else {
                    lineStart = false;
                    lineLength++;
                }
                beforePrevious = previous;
                previous = b;
            }
        }
        if (previous == '\r') {
            out.put((byte) '\n');
        } else if (previous != -1 && !(previous == '\n' && beforePrevious == '\r')) {
            out.put((byte) '\r');
            out.put((byte) '\n');
        }
        return new Pop3MultiLine(status, out.toArray());
    }

    /** A growable byte buffer without the per-byte locking of ByteArrayOutputStream (RETR copies every octet). */
    private static final class Bytes {
        private byte[] bytes;
        private int length;

        Bytes(int capacity) {
            bytes = new byte[capacity];
        }

        void put(byte b) {
            if (length == bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[length++] = b;
        }

        byte[] toArray() {
            return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
        }
    }

    @Override
    public void encodeTo(ByteArrayOutputStream out) {
        status.encodeTo(out);
        out.writeBytes(body);
        out.writeBytes(END);
    }
}
