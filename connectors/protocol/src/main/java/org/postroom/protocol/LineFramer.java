package org.postroom.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Splits a byte stream into lines ended by LF (an optional CR before it is removed), without reading past the end of
 * the line it returns: after a line the caller may hand the rest of the buffer to another decoder (SMTP DATA).
 *
 * <p>
 * Memory is bounded by the limit: a line longer than {@code maxLineLength} octets (counting the CRLF, RFC 5321
 * section 4.5.3.1.6) is not buffered. The buffer starts small, grows as a long line arrives, and goes back to its
 * small size after a line longer than that, so an idle connection holds {@value #INITIAL_CAPACITY} bytes whatever the
 * limit (IMAP allows 64 KiB lines; 10,000 idle sessions must not hold 64 KiB each). Its bytes are dropped as they arrive, up to and including its LF, and the
 * framer then returns {@link Frame#OVERLONG} once, so the engine answers once and the session goes on with the next
 * line.
 *
 * <p>
 * Not thread-safe: one per connection.
 */
public final class LineFramer {

    /** The buffer of a connection between long lines. */
    static final int INITIAL_CAPACITY = 256;

    private final int maxContentLength;
    /** Content plus the CR that may precede the LF (the LF itself is never stored); at most maxContentLength + 1. */
    private byte[] buffer;
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
        this.buffer = new byte[Math.min(INITIAL_CAPACITY, maxContentLength + 1)];
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
                if (length == maxContentLength + 1) {
                    discarding = true;
                    length = 0;
                    shrink();
                    continue;
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min(maxContentLength + 1L, 2L * buffer.length));
            }
            buffer[length++] = b;
        }
        return null;
    }

    /** Forgets any partial line (used when STARTTLS makes buffered plaintext meaningless). */
    public void reset() {
        length = 0;
        discarding = false;
        shrink();
    }

    /** How many bytes the buffer holds now (tests). */
    int capacity() {
        return buffer.length;
    }

    private void shrink() {
        if (buffer.length > INITIAL_CAPACITY) {
            buffer = new byte[INITIAL_CAPACITY];
        }
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
            shrink();
            return Frame.OVERLONG;
        }
        Frame line = new Frame.Line(Arrays.copyOf(buffer, end));
        shrink();
        return line;
    }
}
