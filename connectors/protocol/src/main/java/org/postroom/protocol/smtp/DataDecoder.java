package org.postroom.protocol.smtp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Decodes the SMTP DATA stream (RFC 5321 section 4.5.2) chunk by chunk into a sink, without ever holding the message:
 * it removes dot-stuffing, finds the end of data, enforces the size limit and counts {@code Received:} headers while
 * the bytes go by.
 *
 * <p>
 * <b>End of data</b> is exactly {@code CR LF . CR LF}, where the first CRLF ends the previous line (or DATA itself
 * ended it). Nothing else ends the message.
 *
 * <p>
 * <b>Bare CR and bare LF policy (SMTP smuggling, CVE-2023-51764 class): reject.</b> A CR not followed by LF, or an LF
 * not preceded by CR, anywhere in the content, marks the message as refused ({@code 550 5.6.11}). The decoder then
 * keeps reading, still waiting for the one real {@code CRLF.CRLF}: a bare-LF or bare-CR "end of data" such as
 * {@code LF . LF} or {@code CR . CR} never ends the message, so whatever the client put after it (a smuggled second
 * transaction) is consumed as part of this refused message and never reaches the command parser. Rejecting rather
 * than normalising means no byte sequence is ever read in two ways by two servers on the path.
 *
 * <p>
 * <b>Size:</b> the octets of the message after dot-unstuffing, counting CRLFs, not counting the final {@code .CRLF}
 * (RFC 1870). Past {@code maxSize} the decoder stops writing and only looks for the end of data; the engine then
 * answers {@code 552 5.3.4}.
 *
 * <p>
 * <b>Hop count:</b> header lines starting with {@code Received:} (any case) are counted until the first empty line;
 * more than {@code maxReceivedHeaders} is a mail loop ({@code 554 5.4.6}).
 *
 * <p>
 * After the first problem nothing more is written to the sink. Not thread-safe: one per DATA command.
 */
public final class DataDecoder {

    /** How the content ended. */
    public enum Outcome {
        /** Complete and within every limit: hand it to the listener. */
        COMPLETE,
        /** Larger than the limit ({@code 552 5.3.4}). */
        TOO_LARGE,
        /** Contained a bare CR or a bare LF ({@code 550 5.6.11}). */
        BARE_LINE_ENDING,
        /** Too many {@code Received:} headers ({@code 554 5.4.6}). */
        MAIL_LOOP,
        /** The sink failed ({@code 451 4.3.0}). */
        SINK_FAILED
    }

    private enum State {
        LINE_START, TEXT, CR, DOT, DOT_CR, ENDED
    }

    private static final byte[] RECEIVED = {'r', 'e', 'c', 'e', 'i', 'v', 'e', 'd', ':'};

    private final OutputStream sink;
    private final long maxSize;
    private final int maxReceivedHeaders;
    private final byte[] pending = new byte[8192];
    private int pendingLength;
    private long size;
    private State state = State.LINE_START;
    private Outcome outcome = Outcome.COMPLETE;

    private boolean inHeaders = true;
    private int headerLineLength;
    private boolean headerLineIsReceived = true;
    private int receivedHeaders;

    /**
     * @param sink where the decoded content goes; not closed by the decoder
     */
    public DataDecoder(OutputStream sink, long maxSize, int maxReceivedHeaders) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.maxSize = maxSize;
        this.maxReceivedHeaders = maxReceivedHeaders;
    }

    /**
     * Consumes bytes from {@code in} up to and including the end-of-data line, leaving any later bytes (pipelined
     * commands) in the buffer.
     *
     * @return whether the end of data was reached
     */
    public boolean feed(ByteBuffer in) {
        if (state == State.ENDED) {
            throw new IllegalStateException("end of data already reached");
        }
        while (in.hasRemaining()) {
            byte b = in.get();
            switch (state) {
                case LINE_START -> {
                    if (b == '.') {
                        state = State.DOT;
                    } else {
                        text(b);
                    }
                }
                case TEXT -> text(b);
                case CR -> {
                    if (b == '\n') {
                        endOfLine();
                        state = State.LINE_START;
                    } else {
                        fail(Outcome.BARE_LINE_ENDING);
                        text(b);
                    }
                }
                case DOT -> text(b); // the stuffed dot is dropped; the rest of the line is ordinary text
                case DOT_CR -> {
                    if (b == '\n') {
                        state = State.ENDED;
                        flush();
                        return true;
                    }
                    fail(Outcome.BARE_LINE_ENDING);
                    text(b);
                }
                case ENDED -> throw new IllegalStateException("unreachable");
            }
        }
        flush();
        return false;
    }

    /** The result once {@link #feed(ByteBuffer)} returned {@code true}. */
    public Outcome outcome() {
        if (state != State.ENDED) {
            throw new IllegalStateException("end of data not reached yet");
        }
        return outcome;
    }

    /** Octets of content seen so far (after dot-unstuffing), including what was not written after a failure. */
    public long size() {
        return size;
    }

    /** A content byte in the middle of a line, or the first byte of a line that is not a dot. */
    private void text(byte b) {
        if (b == '\r') {
            state = state == State.DOT ? State.DOT_CR : State.CR;
            return;
        }
        if (b == '\n') {
            fail(Outcome.BARE_LINE_ENDING);
            state = State.TEXT;
            return;
        }
        state = State.TEXT;
        if (inHeaders) {
            if (headerLineLength < RECEIVED.length && lowerAscii(b) != RECEIVED[headerLineLength]) {
                headerLineIsReceived = false;
            }
            headerLineLength++;
        }
        write(b);
    }

    private void endOfLine() {
        write((byte) '\r');
        write((byte) '\n');
        if (inHeaders) {
            if (headerLineLength == 0) {
                inHeaders = false;
            } else if (headerLineIsReceived && headerLineLength >= RECEIVED.length
                    && ++receivedHeaders > maxReceivedHeaders) {
                fail(Outcome.MAIL_LOOP);
            }
            headerLineLength = 0;
            headerLineIsReceived = true;
        }
    }

    private void write(byte b) {
        size++;
        if (outcome != Outcome.COMPLETE) {
            return;
        }
        if (size > maxSize) {
            fail(Outcome.TOO_LARGE);
            return;
        }
        pending[pendingLength++] = b;
        if (pendingLength == pending.length) {
            flush();
        }
    }

    private void fail(Outcome why) {
        if (outcome == Outcome.COMPLETE) {
            outcome = why;
            pendingLength = 0;
        }
    }

    private void flush() {
        if (pendingLength == 0 || outcome != Outcome.COMPLETE) {
            pendingLength = 0;
            return;
        }
        try {
            sink.write(pending, 0, pendingLength);
        } catch (IOException e) {
            outcome = Outcome.SINK_FAILED;
        }
        pendingLength = 0;
    }

    private static byte lowerAscii(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }
}
