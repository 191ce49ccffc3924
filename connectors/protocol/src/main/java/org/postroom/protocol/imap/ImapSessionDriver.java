package org.postroom.protocol.imap;

import org.postroom.connector.api.imap.MailboxKey;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.postroom.protocol.Frame;
import org.postroom.protocol.LineFramer;
import org.postroom.protocol.SessionDriver;
import org.postroom.protocol.smtp.MessageSpool;

/**
 * An {@link ImapSession} with its input framing: feed it the connection's bytes as they arrive, in chunks of any
 * size, and write what it returns. It assembles commands from lines and literals (RFC 3501 section 4.3, RFC 7888
 * LITERAL+), and enforces the limits before reading:
 * <ul>
 * <li>a command line (without literals) longer than {@link ImapConfig#MAX_LINE_LENGTH} is dropped as it arrives and
 * answered {@code BAD}; the session goes on;</li>
 * <li>a literal larger than allowed ({@link ImapConfig#maxMessageSize()} for APPEND, {@link
 * ImapConfig#MAX_LITERAL_SIZE} otherwise; before authentication {@link ImapConfig#PRE_AUTH_NON_SYNC_LITERAL_SIZE} for a
 * non-synchronizing one, RFC 7888 LITERAL-, and {@link ImapConfig#PRE_AUTH_COMMAND_SIZE} for the whole command) is
 * refused when announced: a synchronizing one gets a tagged NO/BAD instead
 * of the continuation (the client abandons the command); a non-synchronizing one, already on its way, gets BAD and
 * the connection is closed;</li>
 * <li>after an accepted STARTTLS every byte up to {@link #tlsStarted()} is discarded (RFC 3501 section 6.2.1).</li>
 * </ul>
 * An APPEND literal larger than {@link #SPOOL_THRESHOLD} is written to a spool file as it arrives ({@link
 * ImapProtocol#spoolFactory()}) instead of the heap; the command then carries only the literal's header, and the
 * session reads the file (ADR 0070). The file is deleted whatever happens: when the command has run, when the command
 * is abandoned (a line too long, STARTTLS, LOGOUT) and when the connection ends.
 *
 * <p>
 * Same threading rule as the session: one call at a time, in connection order, off the event loop; only {@link
 * #receiveWithoutBlocking} may run on it.
 */
public final class ImapSessionDriver implements SessionDriver<ImapOutput> {

    /** APPEND literals larger than this go to a spool file instead of the heap: 256 KiB, as SMTP DATA does. */
    public static final int SPOOL_THRESHOLD = 256 * 1024;

    private final ImapSession session;
    private final LineFramer framer = new LineFramer(ImapConfig.MAX_LINE_LENGTH);
    /**
     * A command with literals while it is assembled (its first line announced a literal); {@code null} otherwise. A
     * command of one line goes to the session as the framer returned it, and an idle session holds no buffer.
     */
    private ByteArrayOutputStream command;
    private String commandTag;
    private String commandName;
    private boolean commandIsAppend;
    private long literalRemaining;
    /** The command's octets as the client sent them, spooled literals included: what its size limit counts. */
    private long assembled;
    /** The literals of the command being assembled that went to spool files, in order. */
    private final List<SpooledLiteral> spooled = new ArrayList<>();
    /** Where the literal being read goes, when it is spooled. */
    private MessageSpool literalSpool;
    /** Writing a spooled literal failed (disk full): its octets are read and dropped, and the command refused. */
    private boolean spoolFailed;
    /** The output of the {@link #receive} call running now, while it runs: what a stream must not overtake. */
    private Collector collecting;

    public ImapSessionDriver(ImapSession session) {
        this.session = session;
    }

    public ImapSession session() {
        return session;
    }

    /** The greeting. */
    @Override
    public ImapOutput start() {
        return session.start();
    }

    /**
     * Consumes the complete commands at the start of {@code in} that need no listener call, while there are such:
     * today a FETCH of body sections answered from the message cache (ADR 0020). Stops at the first other command, a
     * partial line, a literal, or anything while a command or line is half read.
     */
    @Override
    public ImapOutput receiveWithoutBlocking(ByteBuffer in) {
        Collector result = new Collector();
        while (in.hasRemaining() && session.inputMode() == ImapInputMode.COMMAND && !framer.hasPartialLine()
                && command == null && literalRemaining == 0) {
            Optional<byte[]> line = peekLine(in);
            if (line.isEmpty() || Literal.atEndOf(line.get()).isPresent()) {
                break;
            }
            Optional<ImapOutput> answered = session.tryCommandWithoutBlocking(line.get());
            if (answered.isEmpty()) {
                break;
            }
            framer.next(in);
            result.add(answered.get());
        }
        return result.output();
    }

    private static Optional<byte[]> peekLine(ByteBuffer in) {
        return LineFramer.peekLine(in, ImapConfig.MAX_LINE_LENGTH);
    }

    /**
     * Lets long responses leave while they are produced (see {@link ImapSession#streamTo}), behind the output of the
     * commands before them in the same input: those are handed to {@code sink} first. Output that must wait (a
     * failed login's delay) or that changes the connection (STARTTLS, close) is never overtaken: then the long
     * response waits with it and everything is returned at the end, as without a stream.
     */
    public void streamTo(Consumer<byte[]> sink) {
        session.streamTo(bytes -> {
            Collector earlier = collecting;
            if (earlier == null) {
                sink.accept(bytes);
            } else if (!earlier.mayStream()) {
                earlier.bytes.write(bytes, 0, bytes.length);
            } else {
                if (earlier.bytes.size() > 0) {
                    sink.accept(earlier.bytes.toByteArray());
                    earlier.bytes.reset();
                }
                sink.accept(bytes);
            }
        });
    }

    /**
     * A {@code LOGIN} or {@code AUTHENTICATE} command (also one still receiving its literals), or a SASL response,
     * before authentication.
     */
    @Override
    public boolean mayAuthenticate(ByteBuffer in) {
        if (session.state() != ImapState.NOT_AUTHENTICATED) {
            return false;
        }
        if (session.inputMode() == ImapInputMode.SASL_RESPONSE) {
            return true;
        }
        if (session.inputMode() != ImapInputMode.COMMAND) {
            return false;
        }
        if (command != null) {
            return "LOGIN".equalsIgnoreCase(commandName) || "AUTHENTICATE".equalsIgnoreCase(commandName);
        }
        return framer.anyLineStart(in, 80, ImapSessionDriver::loginLine);
    }

    /** A partial line, or a command other than APPEND between its literals; an APPEND's message does not count. */
    @Override
    public boolean midCommand() {
        return framer.hasPartialLine() || (command != null && !commandIsAppend);
    }

    @Override
    public boolean awaitingLogin() {
        return session.state() == ImapState.NOT_AUTHENTICATED;
    }

    /** {@code tag LOGIN} or {@code tag AUTHENTICATE}, or a start cut before it can be told. */
    private static boolean loginLine(byte[] start) {
        int space = 0;
        while (space < start.length && start[space] != ' ') {
            space++;
        }
        if (space == start.length) {
            return start.length == 80; // a very long tag: cannot tell, so yes
        }
        return LineFramer.startsWithWord(start, space + 1, "LOGIN")
                || LineFramer.startsWithWord(start, space + 1, "AUTHENTICATE");
    }

    /** Consumes all of {@code in}. */
    @Override
    public ImapOutput receive(ByteBuffer in) {
        Collector result = new Collector();
        collecting = result;
        try {
            return receiveInto(result, in);
        } finally {
            collecting = null;
        }
    }

    private ImapOutput receiveInto(Collector result, ByteBuffer in) {
        while (in.hasRemaining()) {
            ImapInputMode mode = session.inputMode();
            if (mode == ImapInputMode.AWAITING_TLS || mode == ImapInputMode.CLOSED) {
                // RFC 3501 section 6.2.1 / RFC 2595 section 4: plaintext after STARTTLS is never executed
                in.position(in.limit());
                framer.reset();
                resetCommand();
                break;
            }
            if (literalRemaining > 0) {
                if (literalSpool != null || spoolFailed) {
                    spoolLiteral(in);
                    continue;
                }
                int n = (int) Math.min(literalRemaining, in.remaining());
                byte[] chunk = new byte[n];
                in.get(chunk);
                command.write(chunk, 0, n);
                literalRemaining -= n;
                continue;
            }
            Frame frame = framer.next(in);
            if (frame instanceof Frame.NeedMore) {
                break;
            }
            if (!(frame instanceof Frame.Line line)) {
                Optional<String> tag = Optional.ofNullable(commandTag);
                resetCommand();
                result.add(session.onOverlongLine(tag));
                continue;
            }
            byte[] bytes = line.bytes();
            if (command == null && mode != ImapInputMode.COMMAND) {
                result.add(session.onLine(bytes));
                continue;
            }
            Optional<Literal> literal = Literal.atEndOf(bytes);
            if (command == null) {
                if (literal.isEmpty()) {
                    result.add(session.onCommand(bytes));
                    continue;
                }
                startCommand(bytes);
                command = new ByteArrayOutputStream(bytes.length + 2 + (int) Math.min(literal.get().size(), 1024));
            }
            command.write(bytes, 0, bytes.length);
            assembled += bytes.length;
            if (literal.isEmpty()) {
                byte[] complete = command.toByteArray();
                if (spoolFailed) {
                    String tag = commandTag == null ? "*" : commandTag;
                    resetCommand();
                    result.add(session.onSpoolFailure(tag));
                    continue;
                }
                List<SpooledLiteral> literals = List.copyOf(spooled);
                spooled.clear(); // the session owns them now, and deletes them when the command has run
                resetCommand();
                result.add(session.onCommand(complete, literals));
                continue;
            }
            // a message-sized literal only for APPEND, and only once authenticated
            boolean preAuth = session.state() == ImapState.NOT_AUTHENTICATED;
            boolean append = commandIsAppend && !preAuth;
            long limit = append
                    ? session.config().maxMessageSize()
                    : preAuth && !literal.get().synchronizing()
                            ? ImapConfig.PRE_AUTH_NON_SYNC_LITERAL_SIZE
                            : ImapConfig.MAX_LITERAL_SIZE;
            long total = append
                    ? session.config().maxMessageSize() + ImapConfig.MAX_LINE_LENGTH
                    : preAuth ? ImapConfig.PRE_AUTH_COMMAND_SIZE : ImapConfig.MAX_COMMAND_SIZE;
            if (literal.get().size() > limit || assembled + literal.get().size() > total) {
                String tag = commandTag == null ? "*" : commandTag;
                resetCommand();
                result.add(session.onLiteralTooLarge(tag, append, literal.get().synchronizing()));
                continue;
            }
            if (literal.get().synchronizing()) {
                Optional<ImapOutput> refused = session.refusalBeforeLiteral(commandTag, commandName);
                if (refused.isPresent()) {
                    resetCommand();
                    result.add(refused.get());
                    continue;
                }
            }
            command.write('\r');
            command.write('\n');
            assembled += 2 + literal.get().size();
            literalRemaining = literal.get().size();
            if (append && literalRemaining > SPOOL_THRESHOLD) {
                try {
                    literalSpool = session.protocol().spoolFactory().create();
                } catch (IOException | RuntimeException e) {
                    session.logSpoolFailure(e);
                    if (literal.get().synchronizing()) {
                        // the client has not sent the message yet: refuse it now
                        String tag = commandTag == null ? "*" : commandTag;
                        resetCommand();
                        result.add(session.onSpoolFailure(tag));
                        continue;
                    }
                    spoolFailed = true;
                }
                if (literalSpool != null) {
                    spooled.add(new SpooledLiteral(command.size(), literalRemaining, literalSpool));
                }
            }
            if (literal.get().synchronizing()) {
                result.add(session.literalContinuation());
            }
        }
        return result.output();
    }

    /** Writes the next octets of a spooled literal to its file, or drops them once writing failed. */
    private void spoolLiteral(ByteBuffer in) {
        int n = (int) Math.min(literalRemaining, in.remaining());
        int start = in.position();
        literalRemaining -= n;
        if (spoolFailed) {
            in.position(in.position() + n);
            return;
        }
        try {
            if (in.hasArray()) {
                literalSpool.output().write(in.array(), in.arrayOffset() + in.position(), n);
                in.position(in.position() + n);
            } else {
                byte[] chunk = new byte[Math.min(n, 64 * 1024)];
                for (int left = n; left > 0; left -= chunk.length) {
                    int step = Math.min(left, chunk.length);
                    in.get(chunk, 0, step);
                    literalSpool.output().write(chunk, 0, step);
                }
            }
            if (literalRemaining == 0) {
                literalSpool.output().close();
                literalSpool = null;
            }
        } catch (IOException | RuntimeException e) {
            session.logSpoolFailure(e);
            in.position(start + n);
            spoolFailed = true;
            releaseSpools();
        }
    }

    public ImapOutput receive(byte[] bytes) {
        return receive(ByteBuffer.wrap(bytes));
    }

    /** The TLS handshake after STARTTLS completed. */
    @Override
    public void tlsStarted() {
        framer.reset();
        resetCommand();
        session.tlsStarted();
    }

    /** The store changed the mailbox this session has selected: see {@link ImapSession#mailboxChanged()}. */
    public ImapOutput mailboxChanged() {
        return session.mailboxChanged();
    }

    /** The opaque key of the selected mailbox, to route change events. */
    public Optional<MailboxKey> selectedMailboxKey() {
        return session.selectedMailboxKey();
    }

    /** Spool files the command being assembled holds now (tests). */
    int spooledLiterals() {
        return spooled.size();
    }

    /** Whether a command with literals is being assembled, holding a buffer (tests). */
    boolean assemblingCommand() {
        return command != null;
    }

    /** The connection ended: a message being received is dropped, its spool file deleted. */
    @Override
    public void close() {
        resetCommand();
        session.close();
    }

    private void startCommand(byte[] firstLine) {
        String text = new String(firstLine, 0, Math.min(firstLine.length, 200), StandardCharsets.ISO_8859_1);
        String[] words = text.split(" ", 4);
        boolean validTag = !words[0].isEmpty()
                && words[0].chars().allMatch(c -> ImapParser.isAstringChar(c) && c != '+');
        commandTag = validTag ? words[0] : null;
        commandName = words.length < 2 ? "" : words[1];
        if (commandName.equalsIgnoreCase("UID") && words.length > 2) {
            commandName = "UID " + words[2];
        }
        commandIsAppend = commandName.toUpperCase(Locale.ROOT).equals("APPEND");
    }

    private void resetCommand() {
        command = null;
        commandTag = null;
        commandName = null;
        commandIsAppend = false;
        literalRemaining = 0;
        assembled = 0;
        spoolFailed = false;
        releaseSpools();
    }

    private void releaseSpools() {
        for (SpooledLiteral s : spooled) {
            s.spool().close();
        }
        spooled.clear();
        literalSpool = null;
    }

    /** A literal announced at the end of a line: {@code {n}} (synchronizing) or {@code {n+}} (RFC 7888). */
    record Literal(long size, boolean synchronizing) {

        static Optional<Literal> atEndOf(byte[] line) {
            int end = line.length - 1;
            if (end < 2 || line[end] != '}') {
                return Optional.empty();
            }
            int i = end - 1;
            boolean plus = line[i] == '+';
            if (plus) {
                i--;
            }
            int digitsEnd = i;
            while (i >= 0 && line[i] >= '0' && line[i] <= '9') {
                i--;
            }
            if (i < 0 || line[i] != '{' || i == digitsEnd || digitsEnd - i > 18) {
                return Optional.empty();
            }
            long size = Long.parseLong(new String(line, i + 1, digitsEnd - i, StandardCharsets.US_ASCII));
            return Optional.of(new Literal(size, !plus));
        }
    }

    /** Joins the outputs of several steps without copying each time. */
    private static final class Collector {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean startTls;
        private boolean close;
        private Duration delay = Duration.ZERO;

        /** Nothing collected so far waits for a delay or changes the connection. */
        boolean mayStream() {
            return !startTls && !close && delay.isZero();
        }

        void add(ImapOutput step) {
            byte[] b = step.bytes();
            bytes.write(b, 0, b.length);
            startTls |= step.startTls();
            close |= step.close();
            if (step.delay().compareTo(delay) > 0) {
                delay = step.delay();
            }
        }

        ImapOutput output() {
            if (bytes.size() == 0 && !startTls && !close && delay.isZero()) {
                return ImapOutput.NONE;
            }
            return new ImapOutput(bytes.toByteArray(), startTls, close, delay);
        }
    }
}
