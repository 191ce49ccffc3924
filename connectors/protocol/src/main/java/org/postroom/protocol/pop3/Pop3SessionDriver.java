package org.postroom.protocol.pop3;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    /** A {@code PASS} or {@code AUTH} line, or a SASL response, in the AUTHORIZATION state. */
    @Override
    public boolean mayAuthenticate(ByteBuffer in) {
        if (session.state() != Pop3State.AUTHORIZATION) {
            return false;
        }
        return switch (session.inputMode()) {
            case AUTH_RESPONSE -> true;
            case COMMAND -> framer.anyLineStart(in, 5, start -> LineFramer.startsWithWord(start, 0, "PASS")
                    || LineFramer.startsWithWord(start, 0, "AUTH"));
            default -> false;
        };
    }

    @Override
    public boolean awaitingLogin() {
        return session.state() == Pop3State.AUTHORIZATION;
    }

    /** Consumes all of {@code in}. */
    @Override
    public Pop3Output receive(ByteBuffer in) {
        Outputs outputs = new Outputs();
        while (in.hasRemaining()) {
            switch (session.inputMode()) {
                case COMMAND, AUTH_RESPONSE -> {
                    Frame frame = framer.next(in);
                    if (frame instanceof Frame.Line line) {
                        outputs.add(session.onLine(line.bytes()));
                    } else if (frame instanceof Frame.Overlong) {
                        outputs.add(session.onOverlongLine());
                    }
                }
                case AWAITING_TLS, CLOSED -> {
                    // RFC 2595 section 4: plaintext that followed STLS is discarded, never executed
                    in.position(in.limit());
                    framer.reset();
                }
                default -> throw new IllegalStateException("unknown mode " + session.inputMode());
            }
        }
        return outputs.combined();
    }

    /**
     * The complete command lines at the start of {@code in} that {@link Pop3Session#answersWithoutBlocking} accepts
     * (in TRANSACTION state: STAT, LIST, UIDL, DELE, RSET, NOOP, and RETR/TOP of a message already read ahead), one at
     * a time, each checked after the previous one ran; stops at anything else, including a partial line.
     */
    @Override
    public Pop3Output receiveWithoutBlocking(ByteBuffer in) {
        Outputs outputs = new Outputs();
        while (in.hasRemaining() && session.inputMode() == Pop3InputMode.COMMAND && !framer.hasPartialLine()) {
            Optional<byte[]> line = peekLine(in);
            if (line.isEmpty() || !session.answersWithoutBlocking(line.get())) {
                break;
            }
            outputs.add(framer.next(in) instanceof Frame.Line frame
                    ? session.onLine(frame.bytes())
                    : session.onOverlongLine());
        }
        return outputs.combined();
    }

    private static Optional<byte[]> peekLine(ByteBuffer in) {
        return LineFramer.peekLine(in, Pop3Config.MAX_LINE_LENGTH);
    }

    /** The responses of several steps, in order, and the strongest of their instructions. */
    private static final class Outputs {
        private final List<Pop3Response> responses = new ArrayList<>();
        private boolean startTls;
        private boolean close;
        private Duration delay = Duration.ZERO;

        void add(Pop3Output step) {
            responses.addAll(step.responses());
            startTls |= step.startTls();
            close |= step.close();
            delay = step.delay().compareTo(delay) > 0 ? step.delay() : delay;
        }

        Pop3Output combined() {
            return responses.isEmpty() && !startTls && !close
                    ? Pop3Output.NONE
                    : new Pop3Output(responses, startTls, close, delay);
        }
    }

    public Pop3Output receive(byte[] bytes) {
        return receive(ByteBuffer.wrap(bytes));
    }

    /** The TLS handshake after STLS completed: the session goes on in AUTHORIZATION. */
    /** A partial command line. */
    @Override
    public boolean midCommand() {
        return framer.hasPartialLine();
    }

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
