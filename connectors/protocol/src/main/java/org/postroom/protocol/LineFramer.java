package org.postroom.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Splits a byte stream into lines ended by LF (an optional CR before it is removed), without reading past the end of
 * the line it returns: after a line the caller may hand the rest of the buffer to another decoder (SMTP DATA).
 *
 * <p>
 * Memory is bounded by the limit: a line longer than {@code maxLineLength} octets (counting the CRLF, RFC 5321
 * section 4.5.3.1.6) is not buffered. A line that arrives whole in one buffer is copied out of it directly; only the
 * part of a line that waits for the rest is buffered, in a buffer that starts at {@value #INITIAL_CAPACITY} bytes,
 * grows as a long line arrives and is let go when the line ends, so an idle connection holds no buffer whatever the
 * limit (IMAP allows 64 KiB lines; 10,000 idle sessions must not hold even 256 bytes each). The bytes of an overlong
 * line are dropped as they arrive, up to and including its LF, and the framer then returns {@link Frame#OVERLONG}
 * once, so the engine answers once and the session goes on with the next line.
 *
 * <p>
 * Not thread-safe: one per connection.
 */
public final class LineFramer {

    /** The buffer a partial line gets first. */
    static final int INITIAL_CAPACITY = 256;
    private static final byte[] NO_BUFFER = new byte[0];

    private final int maxContentLength;
    /**
     * The partial line: content plus the CR that may precede the LF (the LF itself is never stored); at most
     * maxContentLength + 1. {@link #NO_BUFFER} while no partial line waits.
     */
    private byte[] buffer = NO_BUFFER;
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
    }

    /**
     * Consumes bytes from {@code in} up to and including the next LF.
     *
     * @return the next frame, or {@link Frame#NEED_MORE} when {@code in} ran out first (the partial line is kept for
     *         the next call)
     */
    public Frame next(ByteBuffer in) {
        if (length == 0 && !discarding) {
            Frame whole = wholeLine(in);
            if (!(whole instanceof Frame.NeedMore)) {
                return whole;
            }
        }
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
                buffer = Arrays.copyOf(buffer,
                        (int) Math.min(maxContentLength + 1L, Math.max(INITIAL_CAPACITY, 2L * buffer.length)));
            }
            buffer[length++] = b;
        }
        return Frame.NEED_MORE;
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

    /** Lets the buffer go: it is needed again only for the next partial line. */
    private void shrink() {
        buffer = NO_BUFFER;
    }

    /**
     * The next line when all of it is in {@code in} and nothing is buffered (the usual case: a command arrives in one
     * read), copied straight out of {@code in}; {@link Frame#NEED_MORE}, consuming nothing, when its LF has not arrived
     * yet. Same result as buffering it: content longer than the limit (CR before the LF not counted) is
     * {@link Frame#OVERLONG}.
     */
    private Frame wholeLine(ByteBuffer in) {
        int start = in.position();
        int lf = -1;
        for (int i = start, limit = in.limit(); i < limit; i++) {
            if (in.get(i) == '\n') {
                lf = i;
                break;
            }
        }
        if (lf < 0) {
            return Frame.NEED_MORE;
        }
        int end = lf > start && in.get(lf - 1) == '\r' ? lf - 1 : lf;
        if (end - start > maxContentLength) {
            in.position(lf + 1);
            return Frame.OVERLONG;
        }
        byte[] line = new byte[end - start];
        in.get(line);
        in.position(lf + 1);
        return new Frame.Line(line);
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

    /**
     * Whether {@code test} holds for the start of any line that feeding {@code in} would complete or begin, without
     * consuming anything: the first such line is the partial line continued by {@code in}, the others begin after each
     * LF in {@code in}. The test sees at most {@code n} octets of each line's start, fewer when the line (or the buffer)
     * ends sooner; nothing is tested for the empty rest after a final LF. For the adapters, to tell cheaply which
     * input may ask for a login.
     */
    public boolean anyLineStart(ByteBuffer in, int n, Predicate<byte[]> test) {
        int position = in.position();
        int limit = in.limit();
        if (!discarding && (length > 0 || position < limit)) {
            byte[] start = new byte[n];
            int k = Math.min(length, n);
            System.arraycopy(buffer, 0, start, 0, k);
            for (int i = position; k < n && i < limit && in.get(i) != '\n'; i++) {
                start[k++] = in.get(i);
            }
            if (test.test(Arrays.copyOf(start, k))) {
                return true;
            }
        }
        for (int i = position; i < limit; i++) {
            if (in.get(i) != '\n' || i + 1 >= limit) {
                continue;
            }
            int end = i + 1;
            while (end < limit && end - (i + 1) < n && in.get(end) != '\n') {
                end++;
            }
            byte[] start = new byte[end - (i + 1)];
            in.get(i + 1, start);
            if (test.test(start)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a line start may be {@code word} followed by a space or the line's end, in any case: also true when the
     * start is cut before the word is complete and is a prefix of it (conservative).
     */
    public static boolean startsWithWord(byte[] start, int offset, String word) {
        int available = start.length - offset;
        if (available <= 0) {
            return false; // an empty line, or nothing after the tag
        }
        int compare = Math.min(available, word.length());
        for (int i = 0; i < compare; i++) {
            int c = start[offset + i] & 0xff;
            if (Character.toUpperCase(c) != word.charAt(i)) {
                return false;
            }
        }
        if (available <= word.length()) {
            return true; // the word, or a cut-off start of it
        }
        int after = start[offset + word.length()];
        return after == ' ' || after == '\r';
    }

    /**
     * The next complete line at the start of {@code in} (ending in LF, CRLF or a bare LF), without its line end and
     * without consuming anything; empty if the line is not complete within {@code maxLength} octets. For the drivers'
     * answers on the network thread, which look at a line before deciding whether to take it.
     */
    public static Optional<byte[]> peekLine(ByteBuffer in, int maxLength) {
        int start = in.position();
        int end = Math.min(in.limit(), start + maxLength);
        for (int i = start; i < end; i++) {
            if (in.get(i) == '\n') {
                int contentEnd = i > start && in.get(i - 1) == '\r' ? i - 1 : i;
                byte[] line = new byte[contentEnd - start];
                in.get(start, line);
                return Optional.of(line);
            }
        }
        return Optional.empty();
    }
}
