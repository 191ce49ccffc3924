package org.postroom.protocol.imap;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.postroom.connector.api.imap.ImapFlags;

/**
 * Builds response bytes (RFC 3501 section 7): status lines, untagged data, and the string forms. A string is sent
 * quoted when it is short 7-bit text without CR, LF or NUL, and as a literal {@code {n}CRLF<octets>} otherwise, so
 * no value can break out of its response.
 */
final class ResponseWriter {

    /** Longest string sent quoted; longer ones go as literals. */
    static final int MAX_QUOTED = 1024;

    private static final DateTimeFormatter INTERNAL_DATE = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z",
            Locale.ENGLISH);

    /** What a response gets first. */
    static final int INITIAL_CAPACITY = 256;
    private static final byte[] NO_BUFFER = new byte[0];

    /**
     * A plain growable buffer: one session writes it on one thread at a time (no per-byte locking). It exists only
     * while a response is being built: {@link #reset()} lets it go, so an idle session holds none (10,000 idle
     * sessions would otherwise keep 256 bytes or more each).
     */
    private byte[] buf = NO_BUFFER;
    private int count;

    ResponseWriter raw(String ascii) {
        putLatin1(ascii);
        return this;
    }

    /** A non-negative number in decimal. */
    ResponseWriter number(long n) {
        if (n >= 0 && n < 10) {
            put('0' + (int) n);
            return this;
        }
        return raw(Long.toString(n));
    }

    ResponseWriter bytes(byte[] b) {
        put(b, 0, b.length);
        return this;
    }

    ResponseWriter sp() {
        put(' ');
        return this;
    }

    ResponseWriter crlf() {
        put('\r');
        put('\n');
        return this;
    }

    /** NIL for {@code null}, otherwise {@link #string(String)}. */
    ResponseWriter nstring(String s) {
        return s == null ? raw("NIL") : string(s);
    }

    /** The UTF-8 octets of {@code s}, quoted or literal. */
    ResponseWriter string(String s) {
        return string(s.getBytes(StandardCharsets.UTF_8));
    }

    ResponseWriter string(byte[] b) {
        if (quotable(b)) {
            put('"');
            for (byte c : b) {
                if (c == '"' || c == '\\') {
                    put('\\');
                }
                put(c);
            }
            put('"');
            return this;
        }
        return literal(b);
    }

    ResponseWriter literal(byte[] b) {
        put('{');
        number(b.length);
        put('}');
        crlf();
        return bytes(b);
    }

    /** A mailbox name, modified UTF-7 encoded, always quoted. */
    ResponseWriter mailbox(String name) {
        return string(ModifiedUtf7.encode(name));
    }

    /** A parenthesized flag list: system flags in RFC order, then {@code \Recent}, then keywords sorted. */
    ResponseWriter flags(Collection<String> flags, boolean recent) {
        return raw("(" + String.join(" ", ordered(flags, recent)) + ")");
    }

    ResponseWriter date(OffsetDateTime date) {
        return raw("\"" + INTERNAL_DATE.format(date) + "\"");
    }

    /** Tagged or untagged status line: {@code tag OK [code] text}. */
    ResponseWriter status(String tag, ImapReply reply) {
        return status(tag, reply.status().name(), reply.code().map(ResponseCode::text).orElse(null), reply.text());
    }

    /** Tagged or untagged status line: {@code tag OK [code] text}. */
    ResponseWriter status(String tag, String status, String code, String text) {
        raw(tag).sp().raw(status).sp();
        if (code != null) {
            raw("[" + code + "] ");
        }
        return raw(sanitize(text)).crlf();
    }

    int size() {
        return count;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, count);
    }

    /** Empties the writer and lets its buffer go (the next response allocates one). */
    void reset() {
        buf = NO_BUFFER;
        count = 0;
    }

    /** Bytes the writer holds on to, used or not (tests). */
    int capacity() {
        return buf.length;
    }

    private void ensure(int more) {
        if (count + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(INITIAL_CAPACITY, Math.max(buf.length * 2, count + more)));
        }
    }

    private void put(int b) {
        ensure(1);
        buf[count++] = (byte) b;
    }

    private void put(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    /** ISO-8859-1, as {@link String#getBytes} would encode it ('?' beyond U+00FF). */
    private void putLatin1(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            buf[count++] = (byte) (c <= 0xff ? c : '?');
        }
    }

    static List<String> ordered(Collection<String> flags, boolean recent) {
        List<String> result = new ArrayList<>();
        for (String system : List.of(ImapFlags.ANSWERED, ImapFlags.FLAGGED, ImapFlags.DELETED, ImapFlags.SEEN,
                ImapFlags.DRAFT)) {
            if (flags.contains(system)) {
                result.add(system);
            }
        }
        if (recent) {
            result.add(ImapFlags.RECENT);
        }
        flags.stream().filter(f -> !ImapFlags.SYSTEM.contains(f) && !f.equals(ImapFlags.RECENT)).sorted().forEach(
                result::add);
        return result;
    }

    private static boolean quotable(byte[] b) {
        if (b.length > MAX_QUOTED) {
            return false;
        }
        for (byte c : b) {
            if (c < 0x20 || c == 0x7f) { // also negative: 8-bit
                return false;
            }
        }
        return true;
    }

    /** Response text is one line of printable US-ASCII. */
    static String sanitize(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }
}
