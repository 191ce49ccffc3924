package org.postroom.protocol.imap;

import org.postroom.connector.api.imap.MailboxKey;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.postroom.connector.api.AuthenticatedUser;
import org.postroom.connector.api.AuthenticationResult;
import org.postroom.connector.api.Credentials;
import org.postroom.connector.api.imap.MailboxChanges;
import org.postroom.connector.api.imap.MailboxException;
import org.postroom.connector.api.imap.MailboxSessionListener;
import org.postroom.connector.api.imap.MailboxSnapshot;
import org.postroom.protocol.CommandTable;
import org.postroom.protocol.sasl.SaslExchange;
import org.postroom.protocol.sasl.SaslStep;

/**
 * The IMAP4rev1 engine of one connection (RFC 3501 with IDLE, UIDPLUS, MOVE, NAMESPACE, SPECIAL-USE, LITERAL+,
 * ENABLE, ID, UNSELECT, CHILDREN, SASL-IR, STARTTLS): a state machine fed with whole commands that answers with
 * {@link ImapOutput} values and reaches the store through {@link MailboxSessionListener}.
 *
 * <h2>How an adapter drives it</h2> Through {@link ImapSessionDriver}, which frames lines and literals:
 * <ol>
 * <li>{@link #start()} once: the greeting.</li>
 * <li>Each complete command (literals inline, without the final CRLF) to {@link #onCommand(byte[])}; each line in
 * {@link ImapInputMode#SASL_RESPONSE} or {@link ImapInputMode#IDLE} mode to {@link #onLine(byte[])}.</li>
 * <li>On {@link ImapOutput#startTls()} install TLS and call {@link #tlsStarted()}; on {@link ImapOutput#close()}
 * close; honour {@link ImapOutput#delay()}.</li>
 * <li>{@link #mailboxChanged()} when the store reports a change to {@link #selectedMailboxKey()}.</li>
 * <li>{@link #close()} when the connection ends.</li>
 * </ol>
 *
 * <h2>Threading</h2> Synchronous; every call, including {@link #mailboxChanged()}, on the connection's serial
 * executor, never on the event loop (the listener may block), except {@link #tryCommandWithoutBlocking}, which the
 * driver may call on the event loop while the executor is idle. Not thread-safe.
 */
public final class ImapSession {

    private static final System.Logger LOG = System.getLogger(ImapSession.class.getName());

    /** This session's login is counted against the per-user-and-address limit. */
    private boolean counted;
    private final ImapProtocol protocol;
    private final String sessionId;
    private final InetSocketAddress clientAddress;

    private boolean started;
    private ImapState state = ImapState.NOT_AUTHENTICATED;
    private ImapInputMode mode = ImapInputMode.COMMAND;
    private boolean tls;
    private AuthenticatedUser user;
    private SelectedMailbox selected;
    /** The listener every command calls: the protocol's, behind the shared message cache (ADR 0032). */
    private final CachingMailboxSessionListener listener;

    private final ResponseWriter out = new ResponseWriter();
    private Completion completion;
    private boolean startTlsRequested;
    private boolean closeRequested;
    private Duration delay = Duration.ZERO;

    private String pendingTag;
    private SaslExchange sasl;

    /** Where a long response goes while it is produced (see {@link #streamTo}); null: all of it at the end. */
    private Consumer<byte[]> stream;

    ImapSession(ImapProtocol protocol, String sessionId, InetSocketAddress clientAddress) {
        this.protocol = protocol;
        this.sessionId = sessionId;
        this.clientAddress = clientAddress;
        this.tls = protocol.config().implicitTls();
        this.listener = new CachingMailboxSessionListener(protocol.listener(), protocol.messageCache(),
                () -> selected);
    }

    /** The greeting: {@code * OK [CAPABILITY ...] <hostname> Postroom IMAP ready}. */
    public ImapOutput start() {
        if (started) {
            throw new IllegalStateException("session already started");
        }
        started = true;
        out.status("*", ImapReply.ok(ResponseCode.of(ResponseCode.Name.CAPABILITY, capabilities()),
                config().hostname() + " Postroom IMAP ready"));
        return drain();
    }

    /** The output a long response hands to the stream at a time (between untagged responses). */
    static final int STREAM_BYTES = 128 * 1024;

    /**
     * Lets a long response (a FETCH of many bodies) leave while it is produced instead of all at once when the command
     * completes: whenever {@link #STREAM_BYTES} have been written between two untagged responses, they are handed to
     * {@code sink}, on the thread running the command, before anything the command returns. The sink may block while
     * the connection drains: that bounds the memory a FETCH holds and lets the client read while the server writes.
     * Never used by {@link #tryCommandWithoutBlocking}, which must not block.
     */
    public void streamTo(Consumer<byte[]> sink) {
        this.stream = sink;
    }

    /** Mid-command, at a response boundary: hands the output so far to the stream once it is large. */
    void flushIfLarge() {
        if (stream != null && out.size() >= STREAM_BYTES) {
            byte[] bytes = out.toByteArray();
            out.reset();
            stream.accept(bytes);
        }
    }

    /** One complete command: tag, name, arguments with literals inline, without the final CRLF. */
    public ImapOutput onCommand(byte[] command) {
        return onCommand(command, List.of());
    }

    /**
     * One complete command whose literals are inline except {@code spooled}, which the driver wrote to spool files
     * (the command holds their headers only). The spools are deleted when this returns, whatever happened.
     */
    ImapOutput onCommand(byte[] command, List<SpooledLiteral> spooled) {
        try {
            return runCommand(command, spooled);
        } finally {
            for (SpooledLiteral s : spooled) {
                s.spool().close();
            }
        }
    }

    private ImapOutput runCommand(byte[] command, List<SpooledLiteral> spooled) {
        requireStarted();
        if (mode != ImapInputMode.COMMAND) {
            return ImapOutput.NONE;
        }
        ImapParser p = new ImapParser(command, spooled);
        String tag;
        try {
            tag = p.tag();
            p.space();
        } catch (ImapSyntaxException e) {
            out.status("*", ImapReplies.MISSING_TAG);
            return drain();
        }
        try {
            dispatch(tag, p);
        } catch (RuntimeException e) {
            // a failure outside a command's own execution (the untagged updates after it, its completion): the
            // command ends with a tagged NO and the session goes on; only the client ends it
            logFailure("command", e);
            completion = null;
            out.status(tag, ImapReplies.SERVER_BUG);
        }
        return drain();
    }

    /**
     * Runs this complete command (no literal, no final CRLF) now if it needs no store call, and returns its output;
     * empty, with nothing written and nothing changed, otherwise. Safe on the network thread. The command table says
     * which commands may be answered so (today FETCH and UID FETCH, from the message cache); the command then runs by
     * its usual code path with the listener {@linkplain CachingMailboxSessionListener#nonBlocking refusing every store
     * call}, and goes to the lane instead if it makes one, or while a change of the mailbox waits to be fetched (ADR
     * 0020, ADR 0032).
     */
    Optional<ImapOutput> tryCommandWithoutBlocking(byte[] command) {
        if (!started || mode != ImapInputMode.COMMAND || state != ImapState.SELECTED || selected == null
                || selected.isDirty() || out.size() != 0) {
            return Optional.empty();
        }
        ImapParser p = new ImapParser(command);
        String tag;
        String name;
        try {
            tag = p.tag();
            p.space();
            name = p.atom().toUpperCase(Locale.ROOT);
            if (name.equals("UID")) {
                p.space();
                name = "UID " + p.atom().toUpperCase(Locale.ROOT);
            }
            var entry = ImapCommandRegistry.lookup(name);
            if (entry.isEmpty() || entry.get().blocking() == CommandTable.Blocking.ALWAYS
                    || ImapCommandRegistry.refusal(entry.get(), this).isPresent()) {
                return Optional.empty();
            }
            completion = null;
            Consumer<byte[]> lane = stream;
            stream = null; // on the network thread: nothing may wait for the network
            listener.nonBlocking(true);
            try {
                entry.get().command().execute(this, new Invocation(tag, name, name.startsWith("UID "), p));
            } catch (CachingMailboxSessionListener.WouldBlock | MailboxException | IOException e) {
                // a store call was needed before anything was written: the lane runs the command
                out.reset();
                completion = null;
                return Optional.empty();
            } finally {
                listener.nonBlocking(false);
                stream = lane;
            }
        } catch (ImapSyntaxException e) {
            out.reset();
            completion = null;
            return Optional.empty(); // the lane answers BAD
        } catch (RuntimeException e) {
            // nothing of it leaves: the command runs again the usual way, which answers a failure with a tagged NO
            logFailure("FETCH from the message cache", e);
            out.reset();
            completion = null;
            return Optional.empty();
        }
        writeCompletion();
        return Optional.of(drain());
    }

    /** A line in SASL_RESPONSE or IDLE mode. */
    public ImapOutput onLine(byte[] line) {
        requireStarted();
        try {
            line(line);
        } catch (RuntimeException e) {
            logFailure("line in " + mode, e);
            String tag = pendingTag;
            mode = ImapInputMode.COMMAND;
            pendingTag = null;
            sasl = null;
            completion = null;
            out.status(tag == null ? "*" : tag, ImapReplies.SERVER_BUG);
        }
        return drain();
    }

    private void line(byte[] line) {
        String text = new String(line, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (mode == ImapInputMode.SASL_RESPONSE) {
            saslResponse(text);
        } else if (mode == ImapInputMode.IDLE) {
            mode = ImapInputMode.COMMAND;
            out.status(pendingTag,
                    text.equalsIgnoreCase("DONE") ? ImapReplies.IDLE_TERMINATED : ImapReplies.EXPECTED_DONE);
            pendingTag = null;
        }
    }

    /** The driver dropped a command line longer than {@link ImapConfig#MAX_LINE_LENGTH}. */
    public ImapOutput onOverlongLine(Optional<String> tag) {
        requireStarted();
        if (mode == ImapInputMode.SASL_RESPONSE) {
            saslStep(sasl.overlong());
        } else if (mode == ImapInputMode.IDLE) {
            mode = ImapInputMode.COMMAND;
            out.status(pendingTag, ImapReplies.EXPECTED_DONE);
            pendingTag = null;
        } else if (mode == ImapInputMode.COMMAND) {
            out.status(tag.orElse("*"), ImapReplies.LINE_TOO_LONG);
        }
        return drain();
    }

    /**
     * A literal larger than allowed was announced, and refused before it is read. A synchronizing one gets a tagged
     * NO or BAD instead of the continuation, so the client abandons the command; a non-synchronizing one is already
     * on its way, so the answer is BAD and the connection closes.
     */
    public ImapOutput onLiteralTooLarge(String tag, boolean append, boolean synchronizing) {
        requireStarted();
        if (synchronizing) {
            out.status(tag, append ? ImapReplies.MESSAGE_TOO_LARGE : ImapReplies.LITERAL_TOO_LARGE);
        } else {
            // RFC 7888 section 4: the octets are already on their way; there is no way to resynchronize
            out.status(tag, append ? ImapReplies.NON_SYNC_LITERAL_TOO_LARGE : ImapReplies.LITERAL_TOO_LARGE);
            out.status("*", ImapReplies.CLOSING);
            logout();
        }
        return drain();
    }

    /**
     * The message of an APPEND could not be spooled (the disk is full, the spool directory unwritable): the command
     * is answered {@code NO [UNAVAILABLE]} without running, the session goes on.
     */
    ImapOutput onSpoolFailure(String tag) {
        requireStarted();
        out.status(tag, ImapReplies.STORE_UNAVAILABLE);
        return drain();
    }

    void logSpoolFailure(Exception e) {
        logFailure("spooling an APPEND literal", e);
    }

    ImapProtocol protocol() {
        return protocol;
    }

    /**
     * Whether a command whose first line announced a literal would be refused anyway (unknown, wrong state, a TLS or
     * plaintext-password rule): then the refusal is sent instead of the continuation, so the client never sends the
     * literal (a password over plaintext, or a message before authentication).
     *
     * @param tag the command's tag, {@code null} when it is not a valid tag
     * @param name the command name as the client wrote it, {@code UID } prefixed where given
     */
    Optional<ImapOutput> refusalBeforeLiteral(String tag, String name) {
        if (tag == null) {
            out.status("*", ImapReplies.MISSING_TAG);
            return Optional.of(drain());
        }
        var entry = ImapCommandRegistry.lookup(name.toUpperCase(Locale.ROOT));
        if (entry.isEmpty()) {
            out.status(tag, ImapReplies.UNKNOWN_COMMAND);
            return Optional.of(drain());
        }
        Optional<ImapReply> refused = ImapCommandRegistry.refusal(entry.get(), this);
        if (refused.isEmpty()) {
            return Optional.empty();
        }
        out.status(tag, refused.get());
        return Optional.of(drain());
    }

    /** The continuation request for a synchronizing literal. */
    ImapOutput literalContinuation() {
        out.raw("+ Ready for literal data").crlf();
        return drain();
    }

    /**
     * The store changed the selected mailbox (another session, a delivery). In IDLE the changes are fetched and
     * returned at once; otherwise they are reported at the next point IMAP allows.
     */
    public ImapOutput mailboxChanged() {
        requireStarted();
        if (state != ImapState.SELECTED || selected == null) {
            return ImapOutput.NONE;
        }
        selected.markDirty();
        if (mode == ImapInputMode.IDLE) {
            try {
                poll(true);
            } catch (RuntimeException e) {
                logFailure("IDLE update", e);
            }
        }
        return drain();
    }

    /** The opaque key of the selected mailbox, to route change events to this session. */
    public Optional<MailboxKey> selectedMailboxKey() {
        return state == ImapState.SELECTED && selected != null ? Optional.of(selected.key()) : Optional.empty();
    }

    /** The TLS handshake that STARTTLS announced completed. */
    public void tlsStarted() {
        if (mode != ImapInputMode.AWAITING_TLS) {
            throw new IllegalStateException("no STARTTLS pending");
        }
        tls = true;
        mode = ImapInputMode.COMMAND;
    }

    /** The connection ended. Idempotent; nothing is held in the store. */
    public void close() {
        if (counted) {
            counted = false;
            protocol.perUser().closed(user.name(), clientAddress.getAddress());
        }
        mode = ImapInputMode.CLOSED;
        state = ImapState.LOGOUT;
        selected = null;
    }

    public ImapInputMode inputMode() {
        return mode;
    }

    public ImapState state() {
        return state;
    }

    public String sessionId() {
        return sessionId;
    }

    public Optional<AuthenticatedUser> user() {
        return Optional.ofNullable(user);
    }

    // ---- for the commands

    ImapConfig config() {
        return protocol.config();
    }

    /** The store's listener behind the message cache: what every command calls. */
    MailboxSessionListener listener() {
        return listener;
    }

    boolean isTls() {
        return tls;
    }

    /** Passwords may cross this connection: TLS, or loopback when the configuration allows plaintext there. */
    boolean authChannelSecure() {
        InetAddress address = clientAddress.getAddress();
        return tls || (config().plaintextAuthOnLoopback() && address != null && address.isLoopbackAddress());
    }

    /** What CAPABILITY lists now: depends on TLS, on whether passwords may be sent, and on authentication. */
    String capabilities() {
        // RFC 7888: before login only small non-synchronizing literals (LITERAL-), so nobody unauthenticated sends
        // more than a few KiB unasked
        String literals = state == ImapState.NOT_AUTHENTICATED ? "LITERAL-" : "LITERAL+";
        List<String> caps = new ArrayList<>(List.of("IMAP4rev1", literals, "SASL-IR", "ENABLE", "ID", "IDLE",
                "NAMESPACE", "UNSELECT", "UIDPLUS", "MOVE", "CHILDREN", "SPECIAL-USE"));
        if (state == ImapState.NOT_AUTHENTICATED) {
            if (!tls && config().startTlsAvailable()) {
                caps.add("STARTTLS");
            }
            if (authChannelSecure()) {
                caps.add("AUTH=PLAIN");
                caps.add("AUTH=LOGIN");
            } else {
                caps.add("LOGINDISABLED");
            }
        }
        return String.join(" ", caps);
    }

    ResponseWriter out() {
        return out;
    }

    AuthenticatedUser authenticatedUser() {
        return user;
    }

    SelectedMailbox selected() {
        return selected;
    }

    /** Records the tagged completion, written after any untagged updates the command allows. */
    void complete(String tag, ImapReply reply) {
        completion = new Completion(tag, reply);
    }

    void ok(String tag, String text) {
        complete(tag, ImapReply.ok(text));
    }

    void ok(String tag, ResponseCode code, String text) {
        complete(tag, ImapReply.ok(code, text));
    }

    void no(String tag, ResponseCode code, String text) {
        complete(tag, ImapReply.no(code, text));
    }

    void bad(String tag, String text) {
        complete(tag, ImapReply.bad(text));
    }

    /** Tagged NO for a store refusal, with its response code. */
    void refused(String tag, MailboxException e) {
        no(tag, ResponseCode.of(e.reason()), e.getMessage() == null ? "Refused" : e.getMessage());
    }

    /** Checks credentials; on success the session is AUTHENTICATED. */
    void authenticate(String tag, Credentials credentials) {
        AuthenticationResult result;
        try {
            result = listener().authenticate(clientAddress, tls, credentials);
        } catch (RuntimeException e) {
            logFailure("listener authenticate()", e);
            complete(tag, ImapReplies.AUTH_UNAVAILABLE);
            return;
        }
        InetAddress address = clientAddress.getAddress();
        if (result instanceof AuthenticationResult.Authenticated authenticated) {
            if (address != null) {
                protocol.authFailurePolicy().succeeded(address);
            }
            if (!protocol.perUser().tryOpen(authenticated.user().name(), address)) {
                no(tag, ResponseCode.of(ResponseCode.Name.LIMIT),
                        "Too many connections for this user from your address (at most " + protocol.perUser().max()
                                + ")");
                return;
            }
            counted = true;
            user = authenticated.user();
            state = ImapState.AUTHENTICATED;
            ok(tag, ResponseCode.of(ResponseCode.Name.CAPABILITY, capabilities()), "Logged in");
        } else if (result instanceof AuthenticationResult.TemporarilyUnavailable) {
            complete(tag, ImapReplies.AUTH_UNAVAILABLE);
        } else {
            authenticationFailed(tag);
        }
    }

    void authenticationFailed(String tag) {
        InetAddress address = clientAddress.getAddress();
        if (address != null) {
            Duration wait = protocol.authFailurePolicy().failed(address);
            delay = wait.compareTo(delay) > 0 ? wait : delay;
        }
        complete(tag, ImapReplies.AUTHENTICATION_FAILED);
    }

    /** Starts a SASL exchange (AUTHENTICATE) with its first step. */
    void startSasl(String tag, SaslExchange exchange, Optional<String> initialResponse) {
        sasl = exchange;
        pendingTag = tag;
        saslStep(exchange.start(initialResponse));
    }

    void awaitTls() {
        startTlsRequested = true;
        mode = ImapInputMode.AWAITING_TLS;
    }

    void startIdle(String tag) {
        pendingTag = tag;
        mode = ImapInputMode.IDLE;
        out.raw("+ idling").crlf();
    }

    void logout() {
        closeRequested = true;
        close();
    }

    /** Opens a mailbox (SELECT, EXAMINE); any previously selected one is closed first, without expunging. */
    void select(MailboxSnapshot snapshot) {
        selected = new SelectedMailbox(snapshot);
        state = ImapState.SELECTED;
    }

    /** Back to AUTHENTICATED (CLOSE, UNSELECT, a failed SELECT). */
    void deselect() {
        selected = null;
        if (state == ImapState.SELECTED) {
            state = ImapState.AUTHENTICATED;
        }
    }

    /**
     * Asks the store what changed since the last poll and writes the untagged responses. A deleted mailbox ends the
     * session ({@code * BYE}); a store failure is logged and retried at the next point.
     */
    void poll(boolean expungeAllowed) {
        if (selected == null) {
            return;
        }
        MailboxChanges changes;
        try {
            changes = listener().changesSince(user, selected.key(), selected.modSeq(), selected.readOnly());
        } catch (MailboxException e) {
            out.status("*", ImapReplies.MAILBOX_GONE);
            logout();
            return;
        } catch (IOException | RuntimeException e) {
            logFailure("listener changesSince()", e);
            return;
        }
        try {
            selected.apply(changes, expungeAllowed, out);
        } catch (RuntimeException e) {
            // the store reported something the view cannot take (SelectedMailbox#apply checks before applying):
            // logged, and asked again at the next point
            logFailure("applying the changes of " + selected.key(), e);
            selected.markDirty();
        }
    }

    void logFailure(String what, Exception e) {
        LOG.log(System.Logger.Level.WARNING, "IMAP session " + sessionId + ": " + what + " failed", e);
    }

    // ---- internals

    /** The tagged line that ends the command in progress. */
    private record Completion(String tag, ImapReply reply) {
    }

    private void dispatch(String tag, ImapParser p) {
        String name;
        try {
            name = p.atom().toUpperCase(Locale.ROOT);
            if (name.equals("UID")) {
                p.space();
                name = "UID " + p.atom().toUpperCase(Locale.ROOT);
            }
        } catch (ImapSyntaxException e) {
            out.status(tag, ImapReplies.MISSING_COMMAND);
            return;
        }
        var entry = ImapCommandRegistry.lookup(name);
        if (entry.isEmpty()) {
            out.status(tag, ImapReplies.UNKNOWN_COMMAND);
            return;
        }
        Optional<ImapReply> refused = ImapCommandRegistry.refusal(entry.get(), this);
        if (refused.isPresent()) {
            out.status(tag, refused.get());
            return;
        }
        completion = null;
        try {
            entry.get().command().execute(this, new Invocation(tag, name, name.startsWith("UID "), p));
        } catch (InvalidMailboxNameException e) {
            complete(tag, invalidName(name));
        } catch (ImapSyntaxException e) {
            bad(tag, e.getMessage() == null ? "Syntax error" : e.getMessage());
        } catch (MailboxException e) {
            refused(tag, e);
        } catch (IOException | RuntimeException e) {
            logFailure(name, e);
            complete(tag, ImapReplies.STORE_UNAVAILABLE);
        }
        boolean succeeded = completion != null && completion.reply().isOk();
        if (state == ImapState.SELECTED && selected != null && mode == ImapInputMode.COMMAND && succeeded) {
            ImapCommandRegistry.Updates updates = entry.get().command().updates();
            if (updates == ImapCommandRegistry.Updates.ALWAYS
                    || (updates == ImapCommandRegistry.Updates.WHEN_CHANGED && selected.isDirty())) {
                poll(true);
            }
        }
        writeCompletion();
    }

    /** The answer to a mailbox name that is not modified UTF-7: well-formed, so NO (RFC 3501 section 5.1.3). */
    private static ImapReply invalidName(String command) {
        return switch (command) {
            case "CREATE", "RENAME" -> ImapReplies.INVALID_NAME_REFUSED; // a RENAME's source: RenameCommand
            case "LIST", "LSUB" -> ImapReplies.INVALID_LIST_PATTERN;
            default -> ImapReplies.INVALID_NAME_NONEXISTENT;
        };
    }

    private void writeCompletion() {
        if (completion == null) {
            return;
        }
        out.status(completion.tag(), completion.reply());
        completion = null;
    }

    private void saslResponse(String line) {
        saslStep(sasl.respond(line));
    }

    private void saslStep(SaslStep step) {
        String tag = pendingTag;
        if (step instanceof SaslStep.Challenge challenge) {
            mode = ImapInputMode.SASL_RESPONSE;
            out.raw("+ " + challenge.base64()).crlf();
            return;
        }
        SaslExchange exchange = sasl;
        mode = ImapInputMode.COMMAND;
        sasl = null;
        pendingTag = null;
        if (step instanceof SaslStep.Complete complete) {
            authenticate(tag, complete.credentials());
        } else if (step instanceof SaslStep.Failed failed) {
            complete(tag, ImapReplies.saslFailure(failed.reason(), exchange.mechanism()));
        }
        writeCompletion();
    }

    private void requireStarted() {
        if (!started) {
            throw new IllegalStateException("call start() first");
        }
    }

    private ImapOutput drain() {
        writeCompletion();
        if (out.size() == 0 && !startTlsRequested && !closeRequested && delay.isZero()) {
            return ImapOutput.NONE;
        }
        ImapOutput output = new ImapOutput(out.toByteArray(), startTlsRequested, closeRequested, delay);
        out.reset();
        startTlsRequested = false;
        closeRequested = false;
        delay = Duration.ZERO;
        return output;
    }
}
