package org.postroom.model.mime;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/**
 * The header of a message or body part, read by the one set of rules that both FETCH (through
 * {@link StructureAnalyzer}: ENVELOPE, BODYSTRUCTURE, the BODY[HEADER] and BODY[n.MIME] offsets) and SEARCH use
 * (ADR 0038). Lines may end in CRLF or a bare LF.
 * <ul>
 * <li>The header ends at the first empty line (which belongs to the header), at the first line that is neither a
 * field ({@code name [WSP] ":"}, the name printable US-ASCII) nor a continuation (that line starts the body), or at
 * the end of the entity. A first line that starts with white space is no header at all: the body starts there.</li>
 * <li>Values are unfolded (the line breaks removed, the continuation's white space kept) and stripped, never RFC 2047
 * decoded ({@link #decodeEncodedWords} does that); 8-bit octets are read as UTF-8, or as ISO-8859-1 on a line that is
 * not UTF-8.</li>
 * </ul>
 * Never throws for malformed bytes.
 */
public final class MimeHeader {

    /**
     * One header field.
     *
     * @param name the field name as written (without the white space before the colon)
     * @param value the value, unfolded and stripped, not RFC 2047 decoded
     */
    public record Field(String name, String value) {
    }

    private final List<Field> fields;
    private final int bodyStart;
    /** When read for a few named fields: their values by lower-case name (the analyzer asks for each of them). */
    private final Map<String, String> byName;

    private MimeHeader(List<Field> fields, int bodyStart, Map<String, String> byName) {
        this.fields = fields;
        this.bodyStart = bodyStart;
        this.byName = byName;
    }

    /** The header that starts at {@code start} in {@code m}, read no further than {@code end}: every field. */
    public static MimeHeader read(byte[] m, int start, int end) {
        return read(m, start, end, null);
    }

    /**
     * As {@link #read(byte[], int, int)}, keeping only the first occurrence of each field named in {@code only}
     * (lower-case names), to be asked for by name ({@link #fields()} is not kept), or every field when {@code only} is
     * null: the structure analysis reads a few fields of every part of every delivered message and need not keep the
     * rest.
     */
    static MimeHeader read(byte[] m, int start, int end, Set<String> only) {
        Reader r = new Reader(only);
        int p = start;
        boolean first = true;
        while (p < end) {
            int lineEnd = lineEnd(m, p, end);
            int next = lineEnd < end ? lineEnd + 1 : end;
            int contentEnd = lineEnd > p && m[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            if (contentEnd == p) {
                return r.done(next);
            }
            if (m[p] == ' ' || m[p] == '\t') {
                if (first) {
                    return r.done(p);
                }
                r.continuation(m, p, contentEnd);
            } else {
                int colon = fieldNameEnd(m, p, contentEnd);
                if (colon < 0) {
                    return r.done(p);
                }
                r.field(m, p, colon, contentEnd);
            }
            first = false;
            p = next;
        }
        return r.done(end);
    }

    /** The fields read so far, and the one being unfolded. */
    private static final class Reader {
        private final Set<String> only;
        private final List<Field> fields = new ArrayList<>();
        private final Map<String, String> byName;
        private String name;
        private String key;
        private StringBuilder value;

        Reader(Set<String> only) {
            this.only = only;
            this.byName = only == null ? null : new HashMap<>();
        }

        void field(byte[] m, int p, int colon, int contentEnd) {
            add();
            name = new String(m, p, colon - p, StandardCharsets.ISO_8859_1).strip();
            key = null;
            value = null;
            if (only == null) {
                value = new StringBuilder(text(m, colon + 1, contentEnd));
                return;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (only.contains(lower) && !byName.containsKey(lower)) { // the field before is in byName already
                key = lower;
                value = new StringBuilder(text(m, colon + 1, contentEnd));
            }
        }

        void continuation(byte[] m, int p, int contentEnd) {
            if (value != null) {
                value.append(text(m, p, contentEnd));
            }
        }

        private void add() {
            if (value == null) {
                return;
            }
            String v = value.toString().strip();
            if (key != null) {
                byName.put(key, v);
            } else {
                fields.add(new Field(name, v));
            }
        }

        MimeHeader done(int bodyStart) {
            add();
            return new MimeHeader(byName == null ? List.copyOf(fields) : null, bodyStart, byName);
        }
    }

    /** The fields in header order, repeated ones included. */
    public List<Field> fields() {
        if (fields == null) {
            throw new IllegalStateException("read for a few fields only: ask for them by name");
        }
        return fields;
    }

    /** Where the body starts: after the empty line, or at the line that ended the header. */
    public int bodyStart() {
        return bodyStart;
    }

    /** The value of the first field called {@code name} (in any case). */
    public Optional<String> first(String name) {
        return Optional.ofNullable(byName != null ? byName.get(name.toLowerCase(Locale.ROOT)) : value(name));
    }

    /**
     * The value of the first field called {@code name}, or null: in lower case when the header was read for a few
     * fields (the analyzer's constants), in any case otherwise.
     */
    String value(String name) {
        if (byName != null) {
            return byName.get(name);
        }
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                return f.value();
            }
        }
        return null;
    }

    /**
     * A header value as a person reads it: RFC 2047 encoded-words decoded by Mime4j's {@link DecoderUtil}, leniently
     * (a word that cannot be decoded stays as written).
     */
    public static String decodeEncodedWords(String value) {
        try {
            return DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT);
        } catch (RuntimeException e) {
            return value;
        }
    }

    /** The index of the LF ending the line that starts at {@code p}, or {@code end}. */
    static int lineEnd(byte[] m, int p, int end) {
        for (int i = p; i < end; i++) {
            if (m[i] == '\n') {
                return i;
            }
        }
        return end;
    }

    /** The index of the colon of a field line ({@code name [WSP] ":"}), or -1 when the line is not a field. */
    private static int fieldNameEnd(byte[] m, int p, int contentEnd) {
        int i = p;
        while (i < contentEnd && m[i] > 32 && m[i] < 127 && m[i] != ':') {
            i++;
        }
        if (i == p) {
            return -1;
        }
        while (i < contentEnd && (m[i] == ' ' || m[i] == '\t')) {
            i++;
        }
        return i < contentEnd && m[i] == ':' ? i : -1;
    }

    /** Octets {@code [from, to)} as text: US-ASCII, else UTF-8 when valid, else ISO-8859-1. */
    static String text(byte[] m, int from, int to) {
        boolean ascii = true;
        for (int i = from; i < to && ascii; i++) {
            ascii = m[i] >= 0;
        }
        if (ascii) {
            return new String(m, from, to - from, StandardCharsets.ISO_8859_1); // the same for ASCII, a plain copy
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(m, from, to - from))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(m, from, to - from, StandardCharsets.ISO_8859_1);
        }
    }
}
