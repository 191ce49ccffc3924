package org.postroom.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Splits a byte stream into lines ended by LF (an optional CR before it is removed), without reading past the end of
 * the line it returns: after a line the caller may hand the rest of the buffer to another decoder (SMTP DATA).
 *
 * <p>
 * Memory is bounded by the limit: a line longer than {@code maxLineLength} octets (counting the CRLF, RFC 5321
 * section 4.5.3.1.6) is not buffered. Its bytes are dropped as they arrive, up to and including its LF, and the
 * framer then returns {@link Frame#OVERLONG} once, so the engine answers once and the session goes on with the next
 * line.
 *
 * <p>
 * Not thread-safe: one per connection.
 */
public final class LineFramer {

    private final int maxContentLength;
    private final byte[] buffer;
    private int length;
    private boolean discarding;

    /**
     * @param maxLineLength the longest acceptable line in octets, counting its CRLF (at least 3)
     */
    public LineFramer(int maxLineLength) {
        if (maxLineLength < 3) {
            throw new IllegalArgumentException("maxLineLength must leave room for CRLF: " + maxLineLength);
        }
        this.maxContentLength = maxLineLength - 2;
        // content plus the CR that may precede the LF; the LF itself is never stored
        this.buffer = new byte[maxContentLength + 1];
    }

    /**
     * Consumes bytes from {@code in} up to and including the next LF.
     *
     * @return the next frame, or {@code null} when {@code in} ran out first (the partial line is kept for the next
     *         call)
     */
    public Frame next(ByteBuffer in) {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b == '\n') {
                return endOfLine();
            }
            if (discarding) {
                continue;
            }
            if (length == buffer.length) {
                discarding = true;
                length = 0;
                continue;
            }
            buffer[length++] = b;
        }
        return null;
    }

    /** Forgets any partial line (used when STARTTLS makes buffered plaintext meaningless). */
    public void reset() {
        length = 0;
        discarding = false;
    }

    /** Whether part of a line is waiting for its end. */
    public boolean hasPartialLine() {
        return length > 0 || discarding;
    }

    private Frame endOfLine() {
        if (discarding) {
            discarding = false;
            return Frame.OVERLONG;
        }
        int end = length;
        if (end > 0 && buffer[end - 1] == '\r') {
            end--;
        }
        length = 0;
        if (end > maxContentLength) {
            return Frame.OVERLONG;
        }
        return new Frame.Line(Arrays.copyOf(buffer, end));
    }
}
