package org.postroom.protocol.smtp;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.postroom.protocol.Frame;
import org.postroom.protocol.LineFramer;
import org.postroom.protocol.SessionDriver;

/**
 * An {@link SmtpSession} with its input framing: feed it the bytes of the connection as they arrive, in chunks of
 * any size, and write what it returns. It splits command lines (over-long ones are dropped without buffering,
 * {@code 500 5.5.2}), hands the DATA stream to the session's decoder, goes back to lines after the end of data, and
 * drops everything after an accepted STARTTLS until {@link #tlsStarted()}.
 *
 * <p>
 * One buffer may carry many pipelined commands (RFC 2920): the output holds all their replies, in order, to write
 * and flush at once.
 *
 * <p>
 * Same threading rule as the session: one call at a time, per-connection order, off the event loop.
 */
public final class SmtpSessionDriver implements SessionDriver<SmtpOutput> {

    private final SmtpSession session;
    private final LineFramer framer = new LineFramer(SmtpConfig.MAX_LINE_LENGTH);

    public SmtpSessionDriver(SmtpSession session) {
        this.session = session;
    }

    public SmtpSession session() {
        return session;
    }

    /** The greeting. */
    @Override
    public SmtpOutput start() {
        return session.start();
    }

    /** Every SMTP command runs on the dispatch lane: nothing is consumed here. */
    @Override
    public SmtpOutput receiveWithoutBlocking(ByteBuffer in) {
        return SmtpOutput.NONE;
    }

    /** An {@code AUTH} command line or a SASL response, while not authenticated and AUTH exists. */
    @Override
    public boolean mayAuthenticate(ByteBuffer in) {
        if (session.isAuthenticated() || !session.hasAuthenticator()) {
            return false;
        }
        return switch (session.inputMode()) {
            case AUTH_RESPONSE -> true;
            case COMMAND -> framer.anyLineStart(in, 5, start -> LineFramer.startsWithWord(start, 0, "AUTH"));
            default -> false;
        };
    }

    /** A partial command or AUTH response line; DATA does not count. */
    @Override
    public boolean midCommand() {
        return framer.hasPartialLine() && session.inputMode() != InputMode.DATA;
    }

    /** Consumes all of {@code in}. */
    @Override
    public SmtpOutput receive(ByteBuffer in) {
        List<SmtpReply> replies = new ArrayList<>();
        boolean startTls = false;
        boolean close = false;
        Duration delay = Duration.ZERO;
        while (in.hasRemaining()) {
            SmtpOutput step;
            switch (session.inputMode()) {
                case COMMAND, AUTH_RESPONSE -> {
                    Frame frame = framer.next(in);
                    if (frame instanceof Frame.Line line) {
                        step = session.onLine(line.bytes());
                    } else if (frame instanceof Frame.Overlong) {
                        step = session.onOverlongLine();
                    } else {
                        step = SmtpOutput.NONE; // need more bytes: the partial line waits in the framer
                    }
                }
                case DATA -> step = session.onData(in);
                case AWAITING_TLS, CLOSED -> {
                    // RFC 3207 section 4.2: plaintext that followed STARTTLS is discarded, never executed
                    in.position(in.limit());
                    framer.reset();
                    step = SmtpOutput.NONE;
                }
                default -> throw new IllegalStateException("unknown mode " + session.inputMode());
            }
            replies.addAll(step.replies());
            startTls |= step.startTls();
            close |= step.close();
            if (step.delay().compareTo(delay) > 0) {
                delay = step.delay(); // pipelined replies go out together, after the longest delay among them
            }
        }
        return replies.isEmpty() && !startTls && !close
                ? SmtpOutput.NONE
                : new SmtpOutput(replies, startTls, close, delay);
    }

    public SmtpOutput receive(byte[] bytes) {
        return receive(ByteBuffer.wrap(bytes));
    }

    /** The TLS handshake after STARTTLS completed: the session starts over, expecting EHLO. */
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
