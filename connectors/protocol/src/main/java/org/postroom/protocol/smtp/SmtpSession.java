package org.postroom.protocol.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.postroom.connector.api.AuthenticatedUser;
import org.postroom.connector.api.MailProtocol;
import org.postroom.connector.api.RejectException;
import org.postroom.connector.api.SessionContext;
import org.postroom.connector.api.SmtpTransactionListener;
import org.postroom.protocol.sasl.SaslExchange;
import org.postroom.protocol.sasl.SaslStep;

/**
 * The SMTP engine of one connection (RFC 5321 with SIZE, 8BITMIME, PIPELINING, ENHANCEDSTATUSCODES, STARTTLS and
 * AUTH PLAIN/LOGIN): a state machine fed with framed input that answers with {@link SmtpOutput} values and calls the
 * business side through the listener API.
 *
 * <h2>How an adapter drives it</h2>
 * <ol>
 * <li>{@link #start()} once: the greeting.</li>
 * <li>Then, according to {@link #inputMode()}: each command line (without CRLF) to {@link #onLine(byte[])}, or
 * {@link #onOverlongLine()} when the framer dropped an over-long line; in {@link InputMode#DATA}, raw bytes to
 * {@link #onData(ByteBuffer)}, which consumes up to the end of data and leaves later bytes in the buffer.
 * {@link SmtpSessionDriver} does this framing and switching for a plain byte stream.</li>
 * <li>Write each output's replies in order. On {@link SmtpOutput#startTls()} install TLS, drop buffered input and
 * call {@link #tlsStarted()} after the handshake; on {@link SmtpOutput#close()} close the connection.</li>
 * <li>{@link #close()} when the connection ends for any reason, so an open transaction is aborted.</li>
 * </ol>
 *
 * <h2>Threading</h2> The engine never does network I/O and never blocks by itself, but the listener, the
 * authenticator and the spool it calls may (database, directory, disk). So the adapter runs every call on this
 * object off the event loop, on a worker that takes each connection's input in arrival order, one call at a time
 * (a per-connection FIFO over a bounded pool). The engine is not thread-safe and needs no locking under that rule:
 * the FIFO hand-off gives the happens-before between calls.
 */
public final class SmtpSession {

    private static final System.Logger LOG = System.getLogger(SmtpSession.class.getName());

    private final SmtpProtocol protocol;
    private final String sessionId;
    private final InetSocketAddress clientAddress;

    private boolean started;
    private SmtpState state = SmtpState.CONNECTED;
    private InputMode mode = InputMode.COMMAND;
    private boolean tls;
    private Optional<String> heloName = Optional.empty();
    private boolean extended;
    private Optional<AuthenticatedUser> user = Optional.empty();
    private MailTransaction transaction;
    private SaslExchange sasl;
    private int authFailures;
    /** Error replies (4xx, 5xx other than 421) in this session so far. */
    private int errors;
    /** The output being built holds an error reply. */
    private boolean errorInOutput;

    private final List<SmtpReply> replies = new ArrayList<>();
    private boolean startTlsRequested;
    private Duration replyDelay = Duration.ZERO;
    private boolean closeRequested;

    SmtpSession(SmtpProtocol protocol, String sessionId, InetSocketAddress clientAddress) {
        this.protocol = protocol;
        this.sessionId = sessionId;
        this.clientAddress = clientAddress;
        this.tls = protocol.config().implicitTls();
    }

    /** The greeting, {@code 220 <hostname> ESMTP Postroom}. */
    public SmtpOutput start() {
        if (started) {
            throw new IllegalStateException("session already started");
        }
        started = true;
        reply(SmtpReply.of(220, "", config().hostname() + " ESMTP Postroom"));
        return drain();
    }

    /**
     * One line of input without its line end: a command, or a SASL response during AUTH. Lines that arrive while
     * TLS is being started, or after QUIT, are discarded unanswered.
     */
    public SmtpOutput onLine(byte[] line) {
        requireStarted();
        if (mode == InputMode.DATA) {
            throw new IllegalStateException("in DATA mode: feed bytes to onData");
        }
        try {
            switch (mode) {
                case COMMAND -> command(line);
                case AUTH_RESPONSE -> authResponse(line);
                default -> {
                    return SmtpOutput.NONE; // plaintext pipelined after STARTTLS is never executed (RFC 3207 4.2)
                }
            }
        } catch (RuntimeException e) {
            // an unexpected failure of a command or of what it called: 451, and the session goes on
            logFailure("command", e);
            if (mode == InputMode.AUTH_RESPONSE) {
                endSasl();
            }
            reply(SmtpReplies.LOCAL_ERROR);
        }
        return drain();
    }

    /** The framer dropped a line longer than {@link SmtpConfig#MAX_LINE_LENGTH}: {@code 500 5.5.2}; go on. */
    public SmtpOutput onOverlongLine() {
        requireStarted();
        switch (mode) {
            case COMMAND -> reply(SmtpReplies.LINE_TOO_LONG);
            case AUTH_RESPONSE -> sasl(sasl, sasl.overlong());
            case AWAITING_TLS, CLOSED -> {
                return SmtpOutput.NONE;
            }
            case DATA -> throw new IllegalStateException("in DATA mode: feed bytes to onData");
        }
        return drain();
    }

    /**
     * Message bytes after {@code 354}. Consumes from {@code in} up to and including the end-of-data line; bytes
     * after it stay in the buffer for the command framer. Returns {@link SmtpOutput#NONE} until the end of data,
     * then the final reply of the transaction.
     */
    public SmtpOutput onData(ByteBuffer in) {
        requireStarted();
        if (mode == InputMode.AWAITING_TLS || mode == InputMode.CLOSED) {
            in.position(in.limit());
            return SmtpOutput.NONE;
        }
        if (mode != InputMode.DATA) {
            throw new IllegalStateException("not in DATA mode: " + mode);
        }
        if (!transaction.decoder().feed(in)) {
            return SmtpOutput.NONE;
        }
        mode = InputMode.COMMAND;
        DataCommand.complete(this, transaction);
        return drain();
    }

    /**
     * The TLS handshake that STARTTLS announced has completed: the session starts over (RFC 3207 section 4.2), with
     * no HELO name, no authentication and no transaction; the client must send EHLO again.
     */
    public void tlsStarted() {
        if (mode != InputMode.AWAITING_TLS) {
            throw new IllegalStateException("no STARTTLS pending");
        }
        tls = true;
        heloName = Optional.empty();
        extended = false;
        user = Optional.empty();
        state = SmtpState.CONNECTED;
        mode = InputMode.COMMAND;
    }

    /** The connection is gone (QUIT, timeout, error): aborts any open transaction. Idempotent. */
    public void close() {
        abortTransaction();
        sasl = null;
        mode = InputMode.CLOSED;
    }

    public InputMode inputMode() {
        return mode;
    }

    public SmtpState state() {
        return state;
    }

    public String sessionId() {
        return sessionId;
    }

    /** A snapshot for listeners and logs. */
    public SessionContext context() {
        return new SessionContext(sessionId, clientAddress, heloName, tls, user,
                MailProtocol.of(extended, tls, user.isPresent()));
    }

    // ---- for the commands

    SmtpConfig config() {
        return protocol.config();
    }

    SmtpProtocol protocol() {
        return protocol;
    }

    InetSocketAddress clientAddress() {
        return clientAddress;
    }

    boolean isTls() {
        return tls;
    }

    boolean isAuthenticated() {
        return user.isPresent();
    }

    boolean hasAuthenticator() {
        return protocol.authenticator().isPresent();
    }

    /** Passwords may cross this connection: TLS, or loopback when the configuration allows plaintext there. */
    boolean authChannelSecure() {
        return tls || (config().plaintextAuthOnLoopback() && context().isLoopback());
    }

    void reply(SmtpReply reply) {
        replies.add(reply);
        if (reply.code() >= 400 && reply.code() != 421) {
            errors++;
            errorInOutput = true;
        }
    }

    /** Holds the replies produced so far, and the rest of this output, at least {@code delay} (in-flow control). */
    void delayReplies(Duration delay) {
        if (delay != null && delay.compareTo(replyDelay) > 0) {
            replyDelay = delay;
        }
    }

    /** HELO/EHLO accepted: like RSET, plus the new name (RFC 5321 section 4.1.4). */
    void greeted(String name, boolean extendedHello) {
        abortTransaction();
        heloName = Optional.of(name);
        extended = extendedHello;
        state = SmtpState.GREETED;
    }

    /** The authenticator accepted the credentials. */
    void authenticationSucceeded() {
        InetAddress address = clientAddress.getAddress();
        if (address != null) {
            protocol.authFailures().succeeded(address);
        }
    }

    /**
     * The authenticator refused the credentials: {@code 535}, held back by the failure policy's delay for this
     * address; at the session's {@link SmtpConfig#maxAuthFailures()}-th refusal also {@code 421 4.7.0} and close.
     */
    void authenticationFailed() {
        InetAddress address = clientAddress.getAddress();
        if (address != null) {
            delayReplies(protocol.authFailures().failed(address));
        }
        reply(SmtpReplies.AUTHENTICATION_FAILED);
        authFailures++;
        if (authFailures >= config().maxAuthFailures()) {
            reply(withHostname(SmtpReplies.TOO_MANY_AUTH_FAILURES));
            quit();
        }
    }

    /** RFC 5321 section 4.2: a 421 carries the server's name first. */
    SmtpReply withHostname(SmtpReply reply) {
        return reply.withText(config().hostname() + " " + reply.text());
    }

    void authenticated(AuthenticatedUser authenticatedUser) {
        user = Optional.of(authenticatedUser);
    }

    MailTransaction transaction() {
        return transaction;
    }

    void transactionStarted(MailTransaction started) {
        transaction = started;
        state = SmtpState.MAIL;
    }

    void recipientAccepted() {
        state = SmtpState.RCPT;
    }

    void dataStarted() {
        mode = InputMode.DATA;
    }

    /** The transaction ended with the listener's {@code done()}: no abort call, just release the spool. */
    void transactionCompleted() {
        transaction.releaseSpool();
        transaction = null;
        state = SmtpState.GREETED;
    }

    /** Ends any open transaction without {@code done()}: the listener gets {@code abort()}. */
    void abortTransaction() {
        if (transaction != null) {
            MailTransaction ending = transaction;
            transaction = null;
            ending.releaseSpool();
            abortListener(ending.listener());
        }
        if (state == SmtpState.MAIL || state == SmtpState.RCPT) {
            state = SmtpState.GREETED;
        }
    }

    void abortListener(SmtpTransactionListener listener) {
        try {
            listener.abort();
        } catch (RuntimeException e) {
            logFailure("listener abort()", e);
        }
    }

    /** A blocking call into the business side. */
    @FunctionalInterface
    interface ListenerCall {
        void run() throws RejectException, IOException;
    }

    /**
     * Runs {@code call}; a rejection becomes its reply, any other failure {@code 451 4.3.0} (logged).
     *
     * @return the reply refusing the step, or empty if the call returned normally
     */
    Optional<SmtpReply> failureOf(ListenerCall call) {
        try {
            call.run();
            return Optional.empty();
        } catch (RejectException e) {
            return Optional.of(replyOf(e));
        } catch (IOException | RuntimeException e) {
            logFailure("listener call", e);
            return Optional.of(SmtpReplies.LOCAL_ERROR);
        }
    }

    /**
     * The reply to a failure of the spool or the store: {@code 452 4.3.1} when the data disk is full (the failure was
     * most likely that), else {@code 451 4.3.0}. Either way the client keeps the message and retries.
     */
    SmtpReply localError() {
        return onFullDisk(SmtpReplies.LOCAL_ERROR);
    }

    /** {@code reply}, unless it is a local error ({@code 451}) and the data disk is full: then {@code 452 4.3.1}. */
    SmtpReply onFullDisk(SmtpReply reply) {
        return reply.code() == 451 && !protocol.storageRoom().hasRoomFor(0) ? SmtpReplies.INSUFFICIENT_STORAGE : reply;
    }

    /** Logs a failure of the business side or the spool that the client will see as {@code 451 4.3.0}. */
    void logFailure(String what, Exception e) {
        LOG.log(System.Logger.Level.WARNING, "SMTP session " + sessionId + ": " + what + " failed", e);
    }

    static SmtpReply replyOf(RejectException e) {
        return SmtpReply.of(e.code(), e.enhancedCode(), e.text());
    }

    void awaitTls() {
        startTlsRequested = true;
        mode = InputMode.AWAITING_TLS;
    }

    void quit() {
        closeRequested = true;
        close();
    }

    /** Continues a SASL exchange with its next step. */
    void sasl(SaslExchange exchange, SaslStep step) {
        if (step instanceof SaslStep.Challenge challenge) {
            sasl = exchange;
            mode = InputMode.AUTH_RESPONSE;
            reply(SmtpReplies.saslChallenge(challenge.base64()));
        } else if (step instanceof SaslStep.Failed failed) {
            endSasl();
            reply(SmtpReplies.saslFailure(failed.reason()));
        } else if (step instanceof SaslStep.Complete complete) {
            endSasl();
            AuthCommand.authenticate(this, complete.credentials());
        }
    }

    // ---- internals

    private void command(byte[] line) {
        String text = new String(line, StandardCharsets.ISO_8859_1);
        if (hasControlCharacter(text)) {
            reply(SmtpReplies.INVALID_CHARACTERS);
            return;
        }
        int space = text.indexOf(' ');
        String verb = space < 0 ? text : text.substring(0, space);
        String argument = space < 0 ? "" : text.substring(space + 1);
        var entry = SmtpCommandRegistry.lookup(verb);
        if (entry.isEmpty()) {
            reply(SmtpReplies.COMMAND_UNRECOGNIZED);
            return;
        }
        Optional<SmtpReply> refused = SmtpCommandRegistry.refusal(entry.get(), this);
        if (refused.isPresent()) {
            reply(refused.get());
            return;
        }
        entry.get().command().execute(this, argument);
    }

    private void authResponse(byte[] line) {
        sasl(sasl, sasl.respond(new String(line, StandardCharsets.ISO_8859_1)));
    }

    private void endSasl() {
        sasl = null;
        if (mode == InputMode.AUTH_RESPONSE) {
            mode = InputMode.COMMAND;
        }
    }

    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private void requireStarted() {
        if (!started) {
            throw new IllegalStateException("call start() first");
        }
    }

    private SmtpOutput drain() {
        if (errorInOutput) {
            // the error limits (like Postfix's smtpd_soft/hard_error_limit): a client that keeps failing, such as a
            // recipient prober, gets slow replies, then is disconnected
            errorInOutput = false;
            if (errors >= config().hardErrorLimit() && !closeRequested && mode != InputMode.CLOSED) {
                reply(withHostname(SmtpReplies.TOO_MANY_ERRORS));
                quit();
            } else if (errors > config().softErrorLimit()) {
                delayReplies(config().errorDelay());
            }
        }
        if (replies.isEmpty() && !startTlsRequested && !closeRequested) {
            return SmtpOutput.NONE;
        }
        SmtpOutput output = new SmtpOutput(replies, startTlsRequested, closeRequested, replyDelay);
        replies.clear();
        replyDelay = Duration.ZERO;
        startTlsRequested = false;
        closeRequested = false;
        return output;
    }
}
