package org.postroom.protocol.imap;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the grammar elements of one IMAP command (RFC 3501 section 9) from its bytes, literals inline: a literal is
 * {@code {n}} or {@code {n+}}, CRLF, then exactly n octets, as {@link ImapSessionDriver} assembled them. Knows
 * nothing of sessions or storage; every error is an {@link ImapSyntaxException} whose message becomes the BAD text.
 */
final class ImapParser {

    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    private final byte[] in;
    private final List<SpooledLiteral> spooled;
    private int pos;

    ImapParser(byte[] command) {
        this(command, List.of());
    }

    /**
     * @param spooled literals whose octets are in spool files, not in {@code command} (which holds their headers):
     *            only {@link #message()} reads them
     */
    ImapParser(byte[] command, List<SpooledLiteral> spooled) {
        this.in = command;
        this.spooled = spooled;
    }

    static ImapParser of(String command) {
        return new ImapParser(command.getBytes(StandardCharsets.UTF_8));
    }

    boolean atEnd() {
        return pos >= in.length;
    }

    /** The next octet without consuming it, or -1 at the end. */
    int peek() {
        return atEnd() ? -1 : in[pos] & 0xff;
    }

    boolean peekIs(char c) {
        return peek() == c;
    }

    /** Consumes {@code c} if it is next. */
    boolean accept(char c) {
        if (peekIs(c)) {
            pos++;
            return true;
        }
        return false;
    }

    void expect(char c) throws ImapSyntaxException {
        if (!accept(c)) {
            throw new ImapSyntaxException("Expected '" + c + "'" + where());
        }
    }

    /** Exactly one SP. */
    void space() throws ImapSyntaxException {
        if (!accept(' ')) {
            throw new ImapSyntaxException(atEnd() ? "Missing argument" : "Expected a space" + where());
        }
    }

    /** The command must end here. */
    void end() throws ImapSyntaxException {
        if (!atEnd()) {
            throw new ImapSyntaxException("Unexpected extra arguments");
        }
    }

    /** A tag: one or more ASTRING-CHAR other than {@code +}. */
    String tag() throws ImapSyntaxException {
        int start = pos;
        while (!atEnd() && isAstringChar(peek()) && peek() != '+') {
            pos++;
        }
        if (pos == start) {
            throw new ImapSyntaxException("Missing or invalid tag");
        }
        return ascii(start, pos);
    }

    /** An atom: one or more ATOM-CHAR. */
    String atom() throws ImapSyntaxException {
        int start = pos;
        while (!atEnd() && isAtomChar(peek())) {
            pos++;
        }
        if (pos == start) {
            throw new ImapSyntaxException("Expected an atom" + where());
        }
        return ascii(start, pos);
    }

    /** A number (RFC 3501 {@code number}, 32-bit unsigned). */
    long number() throws ImapSyntaxException {
        int start = pos;
        while (!atEnd() && peek() >= '0' && peek() <= '9') {
            pos++;
        }
        if (pos == start || pos - start > 10) {
            throw new ImapSyntaxException("Expected a number" + where());
        }
        long n = Long.parseLong(ascii(start, pos));
        if (n > 0xFFFFFFFFL) {
            throw new ImapSyntaxException("Number out of range");
        }
        return n;
    }

    long nzNumber() throws ImapSyntaxException {
        long n = number();
        if (n == 0) {
            throw new ImapSyntaxException("Expected a non-zero number");
        }
        return n;
    }

    /** A quoted string or a literal, as octets. */
    byte[] string() throws ImapSyntaxException {
        if (peekIs('"')) {
            return quoted();
        }
        if (peekIs('{')) {
            return literal();
        }
        throw new ImapSyntaxException("Expected a string" + where());
    }

    /** An astring (atom of ASTRING-CHAR, or string), as octets. */
    byte[] astringBytes() throws ImapSyntaxException {
        if (peekIs('"') || peekIs('{')) {
            return string();
        }
        int start = pos;
        while (!atEnd() && isAstringChar(peek())) {
            pos++;
        }
        if (pos == start) {
            throw new ImapSyntaxException("Expected a string" + where());
        }
        byte[] out = new byte[pos - start];
        System.arraycopy(in, start, out, 0, out.length);
        return out;
    }

    /** An astring decoded as UTF-8 (US-ASCII being a subset). */
    String astring() throws ImapSyntaxException {
        return utf8(astringBytes());
    }

    /** A string decoded as UTF-8. */
    String stringUtf8() throws ImapSyntaxException {
        return utf8(string());
    }

    /** NIL or a string. */
    Optional<String> nstring() throws ImapSyntaxException {
        if (peekIs('N') || peekIs('n')) {
            int mark = pos;
            String atom = atom();
            if (atom.equalsIgnoreCase("NIL")) {
                return Optional.empty();
            }
            pos = mark;
        }
        return Optional.of(stringUtf8());
    }

    /**
     * A mailbox name: an astring in modified UTF-7, decoded; any case of {@code INBOX} is {@code INBOX}.
     *
     * @throws InvalidMailboxNameException a well-formed astring that is not modified UTF-7 (answered NO)
     */
    String mailbox() throws ImapSyntaxException {
        String raw = astring();
        if (raw.equalsIgnoreCase("INBOX")) {
            return "INBOX";
        }
        try {
            return ModifiedUtf7.decode(raw);
        } catch (IllegalArgumentException e) {
            throw new InvalidMailboxNameException("Invalid mailbox name: " + e.getMessage());
        }
    }

    /** A LIST pattern: list-mailbox (ATOM-CHAR plus {@code % * ]}) or a string; modified UTF-7 decoded. */
    String listMailbox() throws ImapSyntaxException {
        String raw;
        if (peekIs('"') || peekIs('{')) {
            raw = stringUtf8();
        } else {
            int start = pos;
            while (!atEnd() && (isAstringChar(peek()) || peek() == '%' || peek() == '*')) {
                pos++;
            }
            if (pos == start) {
                throw new ImapSyntaxException("Expected a mailbox pattern" + where());
            }
            raw = ascii(start, pos);
        }
        try {
            return ModifiedUtf7.decode(raw);
        } catch (IllegalArgumentException e) {
            throw new InvalidMailboxNameException("Invalid mailbox name: " + e.getMessage());
        }
    }

    /** A flag: {@code \atom} or a keyword atom, as written. */
    String flag() throws ImapSyntaxException {
        if (accept('\\')) {
            if (accept('*')) {
                return "\\*";
            }
            return "\\" + atom();
        }
        return atom();
    }

    /** {@code (flag *(SP flag))}, possibly empty. */
    List<String> flagList() throws ImapSyntaxException {
        expect('(');
        List<String> flags = new ArrayList<>();
        if (accept(')')) {
            return flags;
        }
        flags.add(flag());
        while (accept(' ')) {
            flags.add(flag());
        }
        expect(')');
        return flags;
    }

    /** A sequence set: numbers, {@code *} and ranges, comma separated. */
    SequenceSet sequenceSet() throws ImapSyntaxException {
        List<SequenceSet.Range> ranges = new ArrayList<>();
        do {
            long from = seqNumber();
            long to = from;
            if (accept(':')) {
                to = seqNumber();
            }
            ranges.add(new SequenceSet.Range(from, to));
        } while (accept(','));
        return new SequenceSet(ranges);
    }

    /** Whether a sequence set starts here (a digit or {@code *}). */
    boolean atSequenceSet() {
        return peekIs('*') || (peek() >= '0' && peek() <= '9');
    }

    private long seqNumber() throws ImapSyntaxException {
        if (accept('*')) {
            return SequenceSet.STAR;
        }
        if (atEnd() || peek() < '0' || peek() > '9') {
            throw new ImapSyntaxException("Invalid sequence set" + where());
        }
        return nzNumber();
    }

    /** A date ({@code d-Mon-yyyy}), quoted or not. */
    LocalDate date() throws ImapSyntaxException {
        boolean quoted = accept('"');
        int day = (int) number();
        expect('-');
        int month = month();
        expect('-');
        int year = (int) number();
        if (quoted) {
            expect('"');
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            throw new ImapSyntaxException("Invalid date");
        }
    }

    /** A date-time, {@code "dd-Mon-yyyy hh:mm:ss +zzzz"} (the day may be one digit, or space padded). */
    OffsetDateTime dateTime() throws ImapSyntaxException {
        expect('"');
        accept(' ');
        int day = (int) number();
        expect('-');
        int month = month();
        expect('-');
        int year = (int) number();
        expect(' ');
        int hour = twoDigits();
        expect(':');
        int minute = twoDigits();
        expect(':');
        int second = twoDigits();
        expect(' ');
        int sign = accept('+') ? 1 : accept('-') ? -1 : 0;
        if (sign == 0) {
            throw new ImapSyntaxException("Invalid time zone");
        }
        int zoneHours = twoDigits();
        int zoneMinutes = twoDigits();
        expect('"');
        try {
            return OffsetDateTime.of(year, month, day, hour, minute, second, 0,
                    ZoneOffset.ofHoursMinutes(sign * zoneHours, sign * zoneMinutes));
        } catch (DateTimeException e) {
            throw new ImapSyntaxException("Invalid date-time");
        }
    }

    private int twoDigits() throws ImapSyntaxException {
        int value = 0;
        for (int i = 0; i < 2; i++) {
            if (atEnd() || peek() < '0' || peek() > '9') {
                throw new ImapSyntaxException("Invalid date-time");
            }
            value = value * 10 + (in[pos++] - '0');
        }
        return value;
    }

    private int month() throws ImapSyntaxException {
        if (pos + 3 > in.length) {
            throw new ImapSyntaxException("Invalid month");
        }
        String name = ascii(pos, pos + 3);
        int index = MONTHS.toLowerCase(Locale.ROOT).indexOf(name.toLowerCase(Locale.ROOT));
        if (index < 0 || index % 3 != 0) {
            throw new ImapSyntaxException("Invalid month");
        }
        pos += 3;
        return index / 3 + 1;
    }

    /** Reads up to (not including) the next SP or end, whatever it holds: the rest of a SASL initial response. */
    String word() {
        int start = pos;
        while (!atEnd() && peek() != ' ') {
            pos++;
        }
        return ascii(start, pos);
    }

    int position() {
        return pos;
    }

    void reset(int position) {
        pos = position;
    }

    private byte[] quoted() throws ImapSyntaxException {
        expect('"');
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (true) {
            if (atEnd()) {
                throw new ImapSyntaxException("Unterminated quoted string");
            }
            int c = in[pos++] & 0xff;
            if (c == '"') {
                return out.toByteArray();
            }
            if (c == '\\') {
                if (atEnd() || (peek() != '"' && peek() != '\\')) {
                    throw new ImapSyntaxException("Invalid escape in quoted string");
                }
                c = in[pos++] & 0xff;
            } else if (c == '\r' || c == '\n' || c == 0) {
                throw new ImapSyntaxException("Invalid character in quoted string");
            }
            out.write(c);
        }
    }

    /**
     * The message of an APPEND: a literal, read from its spool file when the driver spooled it, else from the command
     * without a copy.
     */
    MessageLiteral message() throws ImapSyntaxException {
        long size = literalHeader();
        Optional<SpooledLiteral> file = spooledAt(pos);
        if (file.isPresent()) {
            return file.get();
        }
        if (size > in.length - pos) {
            throw new ImapSyntaxException("Literal shorter than announced");
        }
        int start = pos;
        pos += (int) size;
        return new MessageLiteral.InCommand(in, start, (int) size);
    }

    private Optional<SpooledLiteral> spooledAt(int offset) {
        for (SpooledLiteral s : spooled) {
            if (s.offset() == offset) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** {@code {n}} or {@code {n+}} and CRLF; returns n. */
    private long literalHeader() throws ImapSyntaxException {
        expect('{');
        long size = number();
        accept('+');
        expect('}');
        if (!accept('\r') || !accept('\n')) {
            throw new ImapSyntaxException("Expected CRLF after literal size");
        }
        return size;
    }

    private byte[] literal() throws ImapSyntaxException {
        long size = literalHeader();
        if (spooledAt(pos).isPresent()) {
            throw new ImapSyntaxException("Literal too large here");
        }
        if (size > in.length - pos) {
            throw new ImapSyntaxException("Literal shorter than announced");
        }
        byte[] out = new byte[(int) size];
        System.arraycopy(in, pos, out, 0, out.length);
        pos += out.length;
        return out;
    }

    private String where() {
        return atEnd() ? " at end of command" : " at position " + pos;
    }

    private String ascii(int from, int to) {
        return new String(in, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static String utf8(byte[] bytes) throws ImapSyntaxException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ImapSyntaxException("String is not valid UTF-8");
        }
    }

    /** ATOM-CHAR: any CHAR except atom-specials {@code ( ) { SP CTL % * " \ ]}. */
    static boolean isAtomChar(int c) {
        return c > 0x20 && c < 0x7f && c != '(' && c != ')' && c != '{' && c != '%' && c != '*' && c != '"'
                && c != '\\' && c != ']';
    }

    /** ASTRING-CHAR: ATOM-CHAR or {@code ]}. */
    static boolean isAstringChar(int c) {
        return isAtomChar(c) || c == ']';
    }
}
