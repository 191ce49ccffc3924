package org.postroom.protocol.pop3;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.postroom.protocol.Frame;
import org.postroom.protocol.LineFramer;
import org.postroom.protocol.SessionDriver;

/**
 * A {@link Pop3Session} with its input framing: feed it the bytes of the connection as they arrive, in chunks of
 * any size, and write what it returns. It splits lines (over-long ones are dropped without buffering and answered
 * {@code -ERR}) and drops everything after an accepted STLS until {@link #tlsStarted()}.
 *
 * <p>
 * One buffer may carry many pipelined commands (RFC 2449 PIPELINING): the output holds all their responses, in
 * order, to write and flush at once.
 *
 * <p>
 * Same threading rule as the session: one call at a time, per-connection order, off the event loop.
 */
public final class Pop3SessionDriver implements SessionDriver<Pop3Output> {

    private final Pop3Session session;
    private final LineFramer framer = new LineFramer(Pop3Config.MAX_LINE_LENGTH);

    public Pop3SessionDriver(Pop3Session session) {
        this.session = session;
    }

    public Pop3Session session() {
        return session;
    }

    /** The greeting. */
    @Override
    public Pop3Output start() {
        return session.start();
    }

    /** Consumes all of {@code in}. */
    @Override
    public Pop3Output receive(ByteBuffer in) {
        List<Pop3Response> responses = new ArrayList<>();
        boolean startTls = false;
        boolean close = false;
        Duration delay = Duration.ZERO;
        while (in.hasRemaining()) {
            Pop3Output step;
            switch (session.inputMode()) {
                case COMMAND, AUTH_RESPONSE -> {
                    Frame frame = framer.next(in);
                    if (frame == null) {
                        step = Pop3Output.NONE;
                    } else if (frame instanceof Frame.Line line) {
                        step = session.onLine(line.bytes());
                    } else {
                        step = session.onOverlongLine();
                    }
                }
                case AWAITING_TLS, CLOSED -> {
                    // RFC 2595 section 4: plaintext that followed STLS is discarded, never executed
                    in.position(in.limit());
                    framer.reset();
                    step = Pop3Output.NONE;
                }
                default -> throw new IllegalStateException("unknown mode " + session.inputMode());
            }
            responses.addAll(step.responses());
            startTls |= step.startTls();
            close |= step.close();
            delay = step.delay().compareTo(delay) > 0 ? step.delay() : delay;
        }
        return responses.isEmpty() && !startTls && !close
                ? Pop3Output.NONE
                : new Pop3Output(responses, startTls, close, delay);
    }

    public Pop3Output receive(byte[] bytes) {
        return receive(ByteBuffer.wrap(bytes));
    }

    /** The TLS handshake after STLS completed: the session goes on in AUTHORIZATION. */
    @Override
    public void tlsStarted() {
        framer.reset();
        session.tlsStarted();
    }

    /** The connection ended. */
    @Override
    public void close() {
        session.close();
    }
}
