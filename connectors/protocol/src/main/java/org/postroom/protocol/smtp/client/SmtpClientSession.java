package org.postroom.protocol.smtp.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.postroom.connector.api.BodyType;
import org.postroom.connector.api.outbound.OutboundRecipient;
import org.postroom.connector.api.outbound.OutboundTransaction;
import org.postroom.connector.api.outbound.RecipientOutcome;
import org.postroom.connector.api.outbound.RelayLogin;
import org.postroom.connector.api.outbound.RemoteHost;
import org.postroom.connector.api.outbound.TlsPolicy;
import org.postroom.connector.api.outbound.TransactionOutcome;

/**
 * The client side of one SMTP connection (RFC 5321, 2920, 3207, 1870, 6152, 6531, 3461, 4954): plain Java, fed with
 * the server's bytes, writing commands through a {@link ClientTransport} and reporting to {@link ClientEvents}. Not
 * thread-safe: one thread (the connection's event loop) drives it.
 *
 * <p>
 * Setup: greeting (anything but 220 fails the session: the caller moves on to the next host), EHLO (HELO when EHLO is
 * refused, except with 421), STARTTLS when offered unless the session is {@code clear} (then EHLO again), AUTH PLAIN
 * or LOGIN for a relay login, only over TLS. {@link TlsPolicy.Mode#REQUIRED} and {@link TlsPolicy.Mode#VERIFIED}
 * fail the session when STARTTLS is not offered or refused; a failed handshake fails it too, with
 * {@code retryInClear} only under {@link TlsPolicy.Mode#OPPORTUNISTIC}.
 *
 * <p>
 * A transaction: a message larger than the host's SIZE fails at once (552 5.3.4), SMTPUTF8 content to a host without
 * SMTPUTF8 too (553 5.6.7). Otherwise MAIL FROM (SIZE=, BODY=8BITMIME, SMTPUTF8, and RET=/ENVID= when the host offers
 * DSN), RCPT TO for each recipient (NOTIFY=/ORCPT= with DSN), DATA: all in one write with PIPELINING, else one at a
 * time. The content goes out dot-stuffed, then the reply to the final dot settles the accepted recipients. A
 * connection is reused after RSET. A timeout or a lost connection defers whatever is not settled; so does a 421.
 */
public final class SmtpClientSession {

    enum State {
        GREETING("the greeting"), EHLO("EHLO"), HELO("HELO"), STARTTLS("STARTTLS"), HANDSHAKE(
                "the TLS handshake"), AUTH_USER("AUTH LOGIN"), AUTH_PASSWORD("the AUTH LOGIN user name"), AUTH_RESULT(
                        "AUTH"), IDLE("nothing"), RSET("RSET"), TRANSACTION("MAIL FROM"), CONTENT(
                                "the message content"), DATA_END("the end of data"), QUIT("QUIT"), CLOSED("nothing");

        final String awaited;

        State(String awaited) {
            this.awaited = awaited;
        }

        boolean beforeMail() {
            return ordinal() <= RSET.ordinal();
        }
    }

    private sealed interface Expected permits Mail, Rcpt, Data {
    }

    private record Mail() implements Expected {
    }

    private record Rcpt(int index) implements Expected {
    }

    private record Data() implements Expected {
    }

    private static final Duration QUIT_TIMEOUT = Duration.ofSeconds(20);

    private final RemoteHost host;
    private final TlsPolicy tls;
    private final Optional<RelayLogin> login;
    private final String heloName;
    private final boolean clear;
    private final ClientTimeouts timeouts;
    private final ClientTransport transport;
    private final ClientEvents events;
    private final ReplyReader reader = new ReplyReader();

    private State state = State.GREETING;
    private Extensions extensions = Extensions.HELO;
    private boolean tlsActive;
    private boolean needsReset;
    private int transactions;

    /** The current transaction and its progress. */
    private OutboundTransaction tx;
    private RecipientOutcome[] outcomes;
    private boolean[] accepted;
    private boolean mailAccepted;
    private boolean dataEndIgnored;
    private final Deque<Expected> expected = new ArrayDeque<>();
    private final Deque<byte[]> unsent = new ArrayDeque<>();

    /**
     * @param clear never STARTTLS (a retry after a failed opportunistic handshake)
     */
    public SmtpClientSession(RemoteHost host, TlsPolicy tls, Optional<RelayLogin> login, String heloName,
            boolean clear, ClientTimeouts timeouts, ClientTransport transport, ClientEvents events) {
        this.host = Objects.requireNonNull(host, "host");
        this.tls = Objects.requireNonNull(tls, "tls");
        this.login = Objects.requireNonNull(login, "login");
        this.heloName = Objects.requireNonNull(heloName, "heloName");
        this.clear = clear;
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.events = Objects.requireNonNull(events, "events");
        if (clear && tls.mode() != TlsPolicy.Mode.OPPORTUNISTIC) {
            throw new IllegalArgumentException("only the opportunistic policy may go without TLS");
        }
    }

    /** The connection is open: the greeting is awaited. */
    public void connected() {
        transport.awaitReply(timeouts.greeting());
    }

    /**
     * Hands a transaction over: it starts once the session is set up, or now when the session is idle (after RSET if
     * the connection carried one before). One at a time.
     */
    public void begin(OutboundTransaction transaction) {
        Objects.requireNonNull(transaction, "transaction");
        if (tx != null) {
            throw new IllegalStateException("a transaction is in progress");
        }
        if (state == State.CLOSED || state == State.QUIT) {
            throw new IllegalStateException("session closed");
        }
        tx = transaction;
        transactions++;
        if (state == State.IDLE) {
            startTransaction();
        }
    }

    /** Idle: set up, no transaction, reusable. */
    public boolean idle() {
        return state == State.IDLE;
    }

    public boolean closed() {
        return state == State.CLOSED;
    }

    public boolean tlsActive() {
        return tlsActive;
    }

    public Extensions extensions() {
        return extensions;
    }

    /** How many transactions were handed to this session. */
    public int transactions() {
        return transactions;
    }

    /** Bytes from the server. */
    public void receive(ByteBuffer in) {
        while (in.hasRemaining() && state != State.CLOSED) {
            if (state == State.HANDSHAKE) {
                // RFC 3207 section 4.2 (CVE-2011-0411, seen from the client): plaintext after the 220 to STARTTLS
                // is an injection; it is never read as a reply
                in.position(in.limit());
                return;
            }
            Optional<ClientReply> reply;
            try {
                reply = reader.next(in);
            } catch (ReplyReader.MalformedReplyException e) {
                abort(ClientReply.composed(451, "4.5.0", "malformed reply from " + host + " while waiting for "
                        + awaited() + ": " + e.getMessage()));
                return;
            }
            if (reply.isEmpty()) {
                return;
            }
            handle(reply.get());
        }
    }

    /** The TLS handshake succeeded (and the certificate passed the policy's checks). */
    public void tlsStarted() {
        if (state != State.HANDSHAKE) {
            return;
        }
        tlsActive = true;
        extensions = Extensions.HELO;
        send(State.EHLO, "EHLO " + heloName, timeouts.greeting());
    }

    /** The TLS handshake failed or the certificate did not pass the policy's checks. */
    public void tlsFailed(String reason) {
        if (state != State.HANDSHAKE) {
            return;
        }
        fail(ClientReply.composed(451, "4.7.5", "TLS with " + host + " failed: " + reason),
                tls.mode() == TlsPolicy.Mode.OPPORTUNISTIC);
    }

    /** The content and the final dot were written. */
    public void contentSent() {
        if (state != State.CONTENT) {
            return;
        }
        state = State.DATA_END;
        transport.awaitReply(timeouts.dataEnd());
    }

    /**
     * The content could not be read: the connection is closed without the final dot, so the server drops the
     * partial message, and the accepted recipients are deferred.
     */
    public void contentFailed(String reason) {
        if (state != State.CONTENT) {
            return;
        }
        abort(ClientReply.composed(451, "4.3.0", "cannot read the message: " + reason));
    }

    /** The reply timer (or the content's progress timer) ran out. */
    public void timeout() {
        if (state == State.CLOSED || state == State.IDLE) {
            return;
        }
        if (state == State.QUIT) {
            close();
            return;
        }
        abort(ClientReply.composed(451, "4.4.2",
                "conversation with " + host + " timed out while waiting for " + awaited()));
    }

    /** The connection was closed (by the server, or the network). */
    public void connectionClosed() {
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.IDLE || state == State.QUIT) {
            state = State.CLOSED;
            return;
        }
        abort(ClientReply.composed(451, "4.4.2", "lost connection with " + host + " while waiting for " + awaited()));
    }

    /** Ends an idle session politely: QUIT, then close on its reply (or after a short wait). */
    public void quit() {
        if (state != State.IDLE) {
            return;
        }
        send(State.QUIT, "QUIT", QUIT_TIMEOUT);
    }

    private void handle(ClientReply reply) {
        switch (state) {
            case GREETING -> {
                if (reply.code() == 220) {
                    send(State.EHLO, "EHLO " + heloName, timeouts.greeting());
                } else {
                    if (reply.code() != 421) {
                        transport.write(command("QUIT"));
                    }
                    fail(reply, false);
                }
            }
            case EHLO -> {
                if (reply.positive()) {
                    extensions = Extensions.parse(reply);
                    afterHello();
                } else if (reply.code() == 421) {
                    fail(reply, false);
                } else {
                    send(State.HELO, "HELO " + heloName, timeouts.greeting());
                }
            }
            case HELO -> {
                if (reply.positive()) {
                    extensions = Extensions.HELO;
                    afterHello();
                } else {
                    fail(reply, false);
                }
            }
            case STARTTLS -> {
                if (reply.code() == 220) {
                    state = State.HANDSHAKE;
                    transport.stopTimer();
                    transport.startTls();
                } else if (tls.mode() == TlsPolicy.Mode.OPPORTUNISTIC && reply.code() != 421) {
                    afterTls();
                } else {
                    fail(tls.mode() == TlsPolicy.Mode.OPPORTUNISTIC
                            ? reply
                            : ClientReply.composed(451, "4.7.4", "TLS is required, but " + host
                                    + " refused STARTTLS: " + reply.text()),
                            false);
                }
            }
            case AUTH_USER -> {
                if (reply.code() == 334) {
                    send(State.AUTH_PASSWORD, base64(login.orElseThrow().user()), timeouts.greeting());
                } else {
                    fail(reply, false);
                }
            }
            case AUTH_PASSWORD -> {
                if (reply.code() == 334) {
                    send(State.AUTH_RESULT, base64(login.orElseThrow().password()), timeouts.greeting());
                } else {
                    fail(reply, false);
                }
            }
            case AUTH_RESULT -> {
                if (reply.positive()) {
                    setupDone();
                } else {
                    fail(reply, false);
                }
            }
            case RSET -> {
                if (reply.positive()) {
                    needsReset = false;
                    sendMailTransaction();
                } else {
                    fail(reply, false);
                }
            }
            case TRANSACTION -> transactionReply(reply);
            case DATA_END -> {
                if (!dataEndIgnored) {
                    settleAccepted(reply);
                }
                finish(reply.code() == 421);
            }
            case QUIT -> close();
            default -> {
                // idle (a 421 before the server closes an idle connection) or content (the server should not talk
                // while it reads DATA): the connection is not usable any more
                if (state == State.CONTENT) {
                    abort(ClientReply.composed(451, "4.4.2",
                            host + " replied while the message was being sent: " + reply.text()));
                } else {
                    close();
                }
            }
        }
    }

    private void afterHello() {
        if (!tlsActive && !clear && extensions.startTls()) {
            send(State.STARTTLS, "STARTTLS", timeouts.greeting());
            return;
        }
        if (!tlsActive && tls.mode() != TlsPolicy.Mode.OPPORTUNISTIC) {
            fail(ClientReply.composed(451, "4.7.4", "TLS is required, but was not offered by " + host), false);
            return;
        }
        afterTls();
    }

    private void afterTls() {
        if (login.isEmpty()) {
            setupDone();
        } else if (!tlsActive) {
            fail(ClientReply.composed(451, "4.7.0", "no AUTH to " + host + " without TLS"), false);
        } else if (extensions.authMechanisms().contains("PLAIN")) {
            RelayLogin l = login.get();
            send(State.AUTH_RESULT, "AUTH PLAIN " + base64("\0" + l.user() + "\0" + l.password()),
                    timeouts.greeting());
        } else if (extensions.authMechanisms().contains("LOGIN")) {
            send(State.AUTH_USER, "AUTH LOGIN", timeouts.greeting());
        } else {
            fail(ClientReply.composed(451, "4.7.0", host + " offers neither AUTH PLAIN nor AUTH LOGIN"), false);
        }
    }

    private void setupDone() {
        state = State.IDLE;
        transport.stopTimer();
        if (tx != null) {
            startTransaction();
        }
    }

    private void startTransaction() {
        int n = tx.recipients().size();
        outcomes = new RecipientOutcome[n];
        accepted = new boolean[n];
        mailAccepted = false;
        dataEndIgnored = false;
        expected.clear();
        unsent.clear();
        if (!validPath(tx.reversePath())) {
            settleAll(ClientReply.composed(501, "5.1.7", "bad sender address syntax"));
            finish(false);
            return;
        }
        boolean anyValid = false;
        for (int i = 0; i < n; i++) {
            if (validPath(tx.recipients().get(i).address()) && !tx.recipients().get(i).address().isEmpty()) {
                anyValid = true;
            } else {
                outcomes[i] = outcome(i, ClientReply.composed(501, "5.1.3", "bad recipient address syntax"));
            }
        }
        if (!anyValid) {
            finish(false);
            return;
        }
        long size = tx.content().size();
        if (extensions.size().isPresent() && size > extensions.size().getAsLong()) {
            settleAll(ClientReply.composed(552, "5.3.4", "message size " + size + " exceeds the limit of "
                    + extensions.size().getAsLong() + " octets of " + host));
            finish(false);
            return;
        }
        if (tx.smtpUtf8() && !extensions.smtpUtf8()) {
            settleAll(ClientReply.composed(553, "5.6.7", "SMTPUTF8 is required, but was not offered by " + host));
            finish(false);
            return;
        }
        if (needsReset) {
            send(State.RSET, "RSET", timeouts.greeting());
        } else {
            sendMailTransaction();
        }
    }

    private void sendMailTransaction() {
        needsReset = true;
        state = State.TRANSACTION;
        List<byte[]> commands = new ArrayList<>();
        commands.add(command(mailCommand()));
        expected.add(new Mail());
        for (int i = 0; i < tx.recipients().size(); i++) {
            if (outcomes[i] == null) {
                commands.add(command(rcptCommand(tx.recipients().get(i))));
                expected.add(new Rcpt(i));
            }
        }
        commands.add(command("DATA"));
        expected.add(new Data());
        if (extensions.pipelining()) {
            transport.write(concat(commands));
        } else {
            transport.write(commands.get(0));
            unsent.addAll(commands.subList(1, commands.size()));
        }
        transport.awaitReply(timeouts.mail());
    }

    private void transactionReply(ClientReply reply) {
        Expected what = expected.poll();
        if (what instanceof Mail) {
            mailAccepted = reply.positive();
            if (!mailAccepted) {
                settleAll(reply);
                if (!extensions.pipelining() || reply.code() == 421) {
                    finish(reply.code() == 421);
                    return;
                }
            }
        } else if (what instanceof Rcpt rcpt) {
            if (mailAccepted) {
                if (reply.positive()) {
                    accepted[rcpt.index()] = true;
                } else {
                    outcomes[rcpt.index()] = outcome(rcpt.index(), reply);
                }
            }
            if (reply.code() == 421) {
                settleAll(reply);
                finish(true);
                return;
            }
            if (!extensions.pipelining() && expected.peek() instanceof Data && !anyAccepted()) {
                finish(false); // nothing to send: no DATA
                return;
            }
        } else if (what instanceof Data) {
            if (reply.code() == 354) {
                if (mailAccepted && anyAccepted()) {
                    state = State.CONTENT;
                    transport.stopTimer();
                    transport.sendContent();
                } else {
                    // RFC 2920 section 3.1: DATA was pipelined but nothing was accepted; end it empty
                    dataEndIgnored = true;
                    state = State.DATA_END;
                    transport.write(command("."));
                    transport.awaitReply(timeouts.dataEnd());
                }
                return;
            }
            if (mailAccepted) {
                settleAccepted(reply);
            }
            finish(reply.code() == 421);
            return;
        } else {
            abort(ClientReply.composed(451, "4.5.0", "unexpected reply from " + host + ": " + reply.text()));
            return;
        }
        if (!unsent.isEmpty()) {
            transport.write(unsent.poll());
        }
        Expected next = expected.peek();
        transport.awaitReply(next instanceof Data ? timeouts.dataInit() : timeouts.rcpt());
    }

    private String mailCommand() {
        StringBuilder b = new StringBuilder("MAIL FROM:<").append(tx.reversePath()).append('>');
        if (extensions.sizeOffered()) {
            b.append(" SIZE=").append(tx.content().size());
        }
        if (extensions.eightBitMime() && tx.body() == BodyType.EIGHT_BIT_MIME) {
            b.append(" BODY=8BITMIME");
        }
        if (tx.smtpUtf8() && extensions.smtpUtf8()) {
            b.append(" SMTPUTF8");
        }
        if (extensions.dsn()) {
            tx.ret().filter(SmtpClientSession::validParameter).ifPresent(r -> b.append(" RET=").append(r));
            tx.envelopeId().filter(SmtpClientSession::validParameter).ifPresent(e -> b.append(" ENVID=").append(e));
        }
        return b.toString();
    }

    private String rcptCommand(OutboundRecipient r) {
        StringBuilder b = new StringBuilder("RCPT TO:<").append(r.address()).append('>');
        if (extensions.dsn()) {
            r.notifyConditions().filter(SmtpClientSession::validParameter)
                    .ifPresent(n -> b.append(" NOTIFY=").append(n));
            r.originalRecipient().filter(SmtpClientSession::validParameter)
                    .ifPresent(o -> b.append(" ORCPT=").append(o));
        }
        return b.toString();
    }

    private boolean anyAccepted() {
        for (boolean a : accepted) {
            if (a) {
                return true;
            }
        }
        return false;
    }

    /** Every recipient without an outcome gets this reply's. */
    private void settleAll(ClientReply reply) {
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] == null) {
                outcomes[i] = outcome(i, reply);
            }
        }
    }

    /** Every accepted recipient without an outcome gets this reply's (the reply to DATA or to the final dot). */
    private void settleAccepted(ClientReply reply) {
        for (int i = 0; i < outcomes.length; i++) {
            if (accepted[i] && outcomes[i] == null) {
                outcomes[i] = outcome(i, reply);
            }
        }
    }

    private RecipientOutcome outcome(int index, ClientReply reply) {
        RecipientOutcome.Status status;
        if (reply.positive() && (state == State.DATA_END)) {
            status = RecipientOutcome.Status.DELIVERED;
        } else if (reply.permanentFailure()) {
            status = RecipientOutcome.Status.FAILED;
        } else {
            status = RecipientOutcome.Status.DEFERRED;
        }
        return new RecipientOutcome(tx.recipients().get(index).address(), status, reply.text(),
                Optional.of(host.toString()));
    }

    /** The transaction is settled; the session goes idle unless {@code close}. */
    private void finish(boolean close) {
        settleAll(ClientReply.composed(451, "4.3.0", "no reply for this recipient from " + host));
        OutboundTransaction done = tx;
        List<RecipientOutcome> list = List.of(outcomes);
        tx = null;
        outcomes = null;
        accepted = null;
        expected.clear();
        unsent.clear();
        if (close) {
            close();
        } else {
            state = State.IDLE;
            transport.stopTimer();
        }
        Objects.requireNonNull(done);
        events.transactionDone(new TransactionOutcome(Optional.of(host.toString()), tlsActive, list));
    }

    /** A failure before MAIL FROM: the transaction, if any, goes back to the caller unsettled. */
    private void fail(ClientReply reply, boolean retryInClear) {
        close();
        if (tx != null) {
            tx = null;
            events.sessionFailed(new ClientEvents.SessionFailure(reply, retryInClear));
        }
    }

    /** A timeout, a lost connection or garbage: settles what is open with {@code reply}, or fails the setup. */
    private void abort(ClientReply reply) {
        State was = state;
        if (was.beforeMail()) {
            fail(reply, false);
            return;
        }
        close();
        if (tx != null) {
            settleAll(reply);
            OutboundTransaction done = tx;
            List<RecipientOutcome> list = List.of(outcomes);
            tx = null;
            Objects.requireNonNull(done);
            events.transactionDone(new TransactionOutcome(Optional.of(host.toString()), tlsActive, list));
        }
    }

    private void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        transport.stopTimer();
        transport.close();
    }

    private void send(State next, String line, Duration timeout) {
        state = next;
        transport.write(command(line));
        transport.awaitReply(timeout);
    }

    private String awaited() {
        if (state == State.TRANSACTION) {
            Expected e = expected.peek();
            return e instanceof Rcpt
                    ? "the reply to RCPT TO"
                    : e instanceof Data
                            ? "the reply to DATA"
                            : "the reply to MAIL FROM";
        }
        return state == State.CONTENT || state == State.HANDSHAKE || state == State.GREETING
                ? state.awaited
                : "the reply to " + state.awaited;
    }

    private static byte[] command(String line) {
        return (line + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(List<byte[]> parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** No control character and no angle bracket: nothing that could end the command or smuggle another one. */
    static boolean validPath(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '<' || c == '>' || c == ' ') {
                return false;
            }
        }
        return true;
    }

    /** An ESMTP parameter value: printable ASCII without space or '=' (xtext, RFC 3461 section 4). */
    static boolean validParameter(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '=') {
                return false;
            }
        }
        return true;
    }
}
