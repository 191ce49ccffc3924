package org.postroom.protocol.pop3;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.postroom.connector.api.AuthenticatedUser;
import org.postroom.connector.api.AuthenticationResult;
import org.postroom.connector.api.Credentials;
import org.postroom.connector.api.MaildropListener;
import org.postroom.connector.api.Pop3MaildropEntry;
import org.postroom.connector.api.Pop3MaildropInUseException;
import org.postroom.protocol.sasl.SaslExchange;
import org.postroom.protocol.sasl.SaslStep;

/**
 * The POP3 engine of one connection (RFC 1939 with CAPA, RESP-CODES, AUTH-RESP-CODE, PIPELINING, STLS and SASL
 * PLAIN): a state machine fed with command lines that answers with {@link Pop3Output} values and calls the store
 * through {@link MaildropListener}.
 *
 * <h2>How an adapter drives it</h2> Exactly as the SMTP engine (see {@code org.postroom.protocol.smtp}):
 * <ol>
 * <li>{@link #start()} once: the greeting.</li>
 * <li>Each input line (without CRLF) to {@link #onLine(byte[])}, or {@link #onOverlongLine()} when the framer
 * dropped an over-long line. {@link Pop3SessionDriver} does this framing for a plain byte stream.</li>
 * <li>Write each output's responses in order. On {@link Pop3Output#startTls()} install TLS, drop buffered input and
 * call {@link #tlsStarted()} after the handshake; on {@link Pop3Output#close()} close the connection.</li>
 * <li>{@link #close()} when the connection ends for any reason: the maildrop lock is released and nothing is
 * committed unless QUIT already did.</li>
 * </ol>
 *
 * <h2>Threading</h2> Synchronous and thread-free; the listener may block, so every call runs on the connection's
 * ordered worker, one at a time, never on the event loop. Not thread-safe and needs no locking under that rule.
 */
public final class Pop3Session {

    private static final System.Logger LOG = System.getLogger(Pop3Session.class.getName());

    private final Pop3Protocol protocol;
    private final String sessionId;
    private final InetSocketAddress clientAddress;

    private boolean started;
    private Pop3State state = Pop3State.AUTHORIZATION;
    private Pop3InputMode mode = Pop3InputMode.COMMAND;
    /** The SASL exchange waiting for the client's next line, in {@link Pop3InputMode#AUTH_RESPONSE}. */
    private SaslExchange sasl;
    private boolean tls;
    private Optional<String> pendingUser = Optional.empty();
    private Optional<AuthenticatedUser> user = Optional.empty();
    private Maildrop maildrop;

    private final List<Pop3Response> responses = new ArrayList<>();
    private boolean startTlsRequested;
    private boolean closeRequested;
    private Duration delay = Duration.ZERO;

    Pop3Session(Pop3Protocol protocol, String sessionId, InetSocketAddress clientAddress) {
        this.protocol = protocol;
        this.sessionId = sessionId;
        this.clientAddress = clientAddress;
        this.tls = protocol.config().implicitTls();
    }

    /** The greeting, {@code +OK <hostname> POP3 server ready}. */
    public Pop3Output start() {
        if (started) {
            throw new IllegalStateException("session already started");
        }
        started = true;
        reply(Pop3Reply.ok(config().hostname() + " POP3 server ready"));
        return drain();
    }

    /**
     * One line of input without its line end: a command, or a SASL response after {@code + }. Lines that arrive
     * while TLS is being started, or after QUIT, are discarded unanswered.
     */
    public Pop3Output onLine(byte[] line) {
        requireStarted();
        try {
            switch (mode) {
                case COMMAND -> command(new String(line, StandardCharsets.ISO_8859_1));
                case AUTH_RESPONSE -> saslResponse(new String(line, StandardCharsets.ISO_8859_1));
                case AWAITING_TLS, CLOSED -> {
                    return Pop3Output.NONE; // plaintext pipelined after STLS is never executed (RFC 2595 section 4)
                }
            }
        } catch (RuntimeException e) {
            // an unexpected failure of a command or of what it called: -ERR, and the session goes on
            logFailure("command", e);
            if (mode == Pop3InputMode.AUTH_RESPONSE) {
                mode = Pop3InputMode.COMMAND;
            }
            reply(Pop3Replies.COMMAND_FAILED);
        }
        return drain();
    }

    /** The framer dropped a line longer than {@link Pop3Config#MAX_LINE_LENGTH}: {@code -ERR}; go on. */
    public Pop3Output onOverlongLine() {
        requireStarted();
        switch (mode) {
            case COMMAND -> reply(Pop3Replies.LINE_TOO_LONG);
            case AUTH_RESPONSE -> sasl(sasl, sasl.overlong());
            case AWAITING_TLS, CLOSED -> {
                return Pop3Output.NONE;
            }
        }
        return drain();
    }

    /**
     * The TLS handshake that STLS announced has completed: the session goes on in AUTHORIZATION and forgets any
     * USER given in plaintext.
     */
    public void tlsStarted() {
        if (mode != Pop3InputMode.AWAITING_TLS) {
            throw new IllegalStateException("no STLS pending");
        }
        tls = true;
        pendingUser = Optional.empty();
        mode = Pop3InputMode.COMMAND;
    }

    /**
     * The connection is gone (QUIT, timeout, error): releases the maildrop without committing anything that QUIT
     * did not already commit. Idempotent.
     */
    public void close() {
        mode = Pop3InputMode.CLOSED;
        sasl = null;
        if (maildrop != null) {
            maildrop = null;
            try {
                listener().close(user.orElseThrow());
            } catch (RuntimeException e) {
                logFailure("listener close()", e);
            }
        }
    }

    /**
     * Whether the command in {@code line} would be answered without calling the listener, so that the adapter may run
     * it on the network thread: see {@link org.postroom.protocol.CommandTable.Blocking}. A line that will be refused (unknown verb,
     * wrong state, syntax) is answered without the listener too. Only meaningful in {@link Pop3InputMode#COMMAND}
     * mode; false in any other.
     */
    public boolean answersWithoutBlocking(byte[] line) {
        if (mode != Pop3InputMode.COMMAND) {
            return false;
        }
        String text = new String(line, StandardCharsets.ISO_8859_1);
        int space = text.indexOf(' ');
        var entry = Pop3CommandRegistry.lookup(space < 0 ? text : text.substring(0, space));
        if (entry.isEmpty() || Pop3CommandRegistry.refusal(entry.get(), this).isPresent()) {
            return true;
        }
        return switch (entry.get().blocking()) {
            case NEVER -> true;
            case ALWAYS -> false;
            case UNLESS_CACHED -> {
                String argument = space < 0 ? "" : text.substring(space + 1);
                int next = argument.indexOf(' ');
                Optional<Pop3MaildropEntry> message = Arguments
                        .number(next < 0 ? argument : argument.substring(0, next))
                        .flatMap(maildrop::visible);
                yield message.isEmpty() || maildrop.isReadAhead(message.get().key());
            }
        };
    }

    public Pop3InputMode inputMode() {
        return mode;
    }

    public Pop3State state() {
        return state;
    }

    public String sessionId() {
        return sessionId;
    }

    public Optional<AuthenticatedUser> user() {
        return user;
    }

    // ---- for the commands

    Pop3Config config() {
        return protocol.config();
    }

    MaildropListener listener() {
        return protocol.listener();
    }

    boolean isTls() {
        return tls;
    }

    /** Passwords may cross this connection: TLS, or loopback when the configuration allows plaintext there. */
    boolean authChannelSecure() {
        return tls || (config().plaintextAuthOnLoopback() && clientAddress.getAddress() != null
                && clientAddress.getAddress().isLoopbackAddress());
    }

    void reply(Pop3Response response) {
        responses.add(response);
    }

    Optional<String> pendingUser() {
        return pendingUser;
    }

    void pendingUser(Optional<String> name) {
        pendingUser = name;
    }

    Maildrop maildrop() {
        return maildrop;
    }

    AuthenticatedUser authenticatedUser() {
        return user.orElseThrow();
    }

    /** Continues a SASL exchange with its next step: a {@code + } challenge, a refusal, or authentication. */
    void sasl(SaslExchange exchange, SaslStep step) {
        if (step instanceof SaslStep.Challenge challenge) {
            sasl = exchange;
            mode = Pop3InputMode.AUTH_RESPONSE;
            reply(Pop3Replies.saslChallenge(challenge.base64()));
            return;
        }
        sasl = null;
        mode = Pop3InputMode.COMMAND;
        if (step instanceof SaslStep.Failed failed) {
            reply(Pop3Replies.saslFailure(failed.reason()));
        } else if (step instanceof SaslStep.Complete complete) {
            authenticate(complete.credentials());
        }
    }

    /**
     * Checks the credentials with the listener and opens the maildrop: TRANSACTION state on success, otherwise the
     * session stays in AUTHORIZATION with the refusal as reply.
     */
    void authenticate(Credentials credentials) {
        pendingUser = Optional.empty();
        AuthenticationResult result;
        try {
            result = listener().authenticate(clientAddress, tls, credentials);
        } catch (RuntimeException e) {
            logFailure("listener authenticate()", e);
            reply(Pop3Replies.AUTH_UNAVAILABLE);
            return;
        }
        InetAddress address = clientAddress.getAddress();
        if (result instanceof AuthenticationResult.Authenticated authenticated) {
            if (address != null) {
                protocol.authFailures().succeeded(address);
            }
            open(authenticated.user());
        } else if (result instanceof AuthenticationResult.TemporarilyUnavailable) {
            reply(Pop3Replies.AUTH_UNAVAILABLE);
        } else {
            if (address != null) {
                delay = protocol.authFailures().failed(address);
            }
            reply(Pop3Replies.INVALID_CREDENTIALS);
        }
    }

    void awaitTls() {
        startTlsRequested = true;
        mode = Pop3InputMode.AWAITING_TLS;
    }

    /**
     * QUIT. In TRANSACTION: the UPDATE state commits the deletions; {@code +OK} only after the listener returned, so
     * an acknowledged deletion is durable.
     */
    void quit() {
        if (state == Pop3State.TRANSACTION) {
            state = Pop3State.UPDATE;
            List<String> deleted = maildrop.deletedKeys();
            try {
                listener().commit(authenticatedUser(), deleted);
                reply(Pop3Replies.BYE);
            } catch (IOException | RuntimeException e) {
                logFailure("listener commit()", e);
                reply(Pop3Replies.COMMIT_FAILED);
            }
        } else {
            reply(Pop3Replies.BYE);
        }
        closeRequested = true;
        close();
    }

    void logFailure(String what, Exception e) {
        LOG.log(System.Logger.Level.WARNING, "POP3 session " + sessionId + ": " + what + " failed", e);
    }

    // ---- internals

    private void open(AuthenticatedUser authenticated) {
        try {
            maildrop = new Maildrop(listener().open(authenticated));
        } catch (Pop3MaildropInUseException e) {
            reply(Pop3Replies.IN_USE);
            return;
        } catch (IOException | RuntimeException e) {
            logFailure("listener open()", e);
            reply(Pop3Replies.STORE_UNAVAILABLE);
            return;
        }
        user = Optional.of(authenticated);
        state = Pop3State.TRANSACTION;
        reply(Pop3Replies.MAILDROP_READY);
    }

    private void command(String text) {
        if (!text.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
            reply(Pop3Replies.INVALID_CHARACTERS);
            return;
        }
        int space = text.indexOf(' ');
        String verb = space < 0 ? text : text.substring(0, space);
        String argument = space < 0 ? "" : text.substring(space + 1);
        var entry = Pop3CommandRegistry.lookup(verb);
        if (entry.isEmpty()) {
            reply(Pop3Replies.UNKNOWN_COMMAND);
            return;
        }
        Optional<Pop3Reply> refused = Pop3CommandRegistry.refusal(entry.get(), this);
        if (refused.isPresent()) {
            reply(refused.get());
            return;
        }
        entry.get().command().execute(this, argument);
    }

    private void saslResponse(String line) {
        sasl(sasl, sasl.respond(line));
    }

    private void requireStarted() {
        if (!started) {
            throw new IllegalStateException("call start() first");
        }
    }

    private Pop3Output drain() {
        if (responses.isEmpty() && !startTlsRequested && !closeRequested) {
            return Pop3Output.NONE;
        }
        Pop3Output output = new Pop3Output(responses, startTlsRequested, closeRequested, delay);
        responses.clear();
        startTlsRequested = false;
        closeRequested = false;
        delay = Duration.ZERO;
        return output;
    }
}
