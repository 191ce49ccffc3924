package org.postroom.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.field.DateTimeField;
import org.apache.james.mime4j.dom.field.ParsedField;
import org.apache.james.mime4j.field.LenientFieldParser;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.util.MimeUtil;
import org.postroom.domain.HeaderFields;

/**
 * Reads the {@link HeaderFields} from the header of a stored message, with Apache Mime4j's permissive parser.
 *
 * <p>The rule: only the top-level header is read (up to the first empty line, or the end); the first occurrence of
 * each field counts; bodies are unfolded and trimmed. Nothing here throws for a malformed message: a header that
 * cannot be read yields what was read before the fault (at worst {@link HeaderFields#empty()}), an unreadable Date yields
 * a null {@code sentAt}, and undecodable encoded-words are left as they are in {@code subjectText}. Header bytes that
 * are not ASCII (RFC 6532 UTF-8 headers) are read as UTF-8.
 */
public final class HeaderFieldsExtractor {

    private static final Set<String> WANTED = Set.of("date", "subject", "from", "sender", "reply-to", "to", "cc",
            "bcc", "in-reply-to", "message-id");
    /** [day, ] d[d] Mon yyyy hh:mm[:ss] +hhmm: what {@link DateTimeFormatter#RFC_1123_DATE_TIME} reads. */
    private static final Pattern COMMON_DATE = Pattern
            .compile("(?:[A-Z][a-z]{2}, )?\\d{1,2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}(?::\\d{2})? [+-]\\d{4}");
    /** Stop reading a header after this many bytes: a header larger than that is hostile, not mail. */
    private static final int MAX_HEADER_BYTES = 1 << 20;

    private HeaderFieldsExtractor() {
    }

    /** The envelope of {@code message} (the whole RFC 5322 message, or at least its header). */
    public static HeaderFields extract(byte[] message) {
        Map<String, String> fields = new HashMap<>();
        try {
            readHeader(new ByteArrayInputStream(message, 0, Math.min(message.length, MAX_HEADER_BYTES)), fields);
        } catch (IOException | MimeException | RuntimeException e) {
            // Malformed beyond the permissive parser: keep the fields read so far.
        }
        String date = fields.get("date");
        String subject = fields.get("subject");
        return new HeaderFields(date, sentAt(date), subject, decode(subject), fields.get("from"), fields.get("sender"),
                fields.get("reply-to"), fields.get("to"), fields.get("cc"), fields.get("bcc"),
                fields.get("in-reply-to"),
                fields.get("message-id"));
    }

    private static void readHeader(InputStream in, Map<String, String> fields) throws IOException, MimeException {
        MimeConfig config = MimeConfig.custom()
                .setStrictParsing(false)
                .setMaxLineLen(-1)
                .setMaxHeaderCount(-1)
                .setMaxHeaderLen(-1)
                .setMalformedHeaderStartsBody(true)
                .build();
        MimeTokenStream stream = new MimeTokenStream(config, DecodeMonitor.SILENT, null);
        stream.parse(in);
        for (EntityState state = stream.next(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
            if (state == EntityState.T_END_HEADER) {
                return;
            }
            if (state == EntityState.T_FIELD) {
                Field field = stream.getField();
                String name = field.getName().trim().toLowerCase(Locale.ROOT);
                if (WANTED.contains(name) && !fields.containsKey(name)) {
                    fields.put(name, body(field));
                }
            }
        }
    }

    /** The field body, unfolded and trimmed; raw 8-bit bytes are taken as UTF-8. */
    private static String body(Field field) {
        String body;
        if (field.getRaw() != null) {
            byte[] raw = field.getRaw().toByteArray();
            String text = new String(raw, java.nio.charset.StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            body = colon < 0 ? field.getBody() : text.substring(colon + 1);
        } else {
            body = field.getBody();
        }
        return MimeUtil.unfold(body == null ? "" : body).strip();
    }

    static Instant sentAt(String date) {
        if (date == null || date.isEmpty()) {
            return null;
        }
        Instant common = commonForm(date);
        if (common != null) {
            return common;
        }
        try {
            ParsedField parsed = LenientFieldParser.parse("Date: " + date, DecodeMonitor.SILENT);
            if (parsed instanceof DateTimeField dateField && dateField.getDate() != null) {
                return dateField.getDate().toInstant();
            }
        } catch (MimeException | RuntimeException e) {
            // unreadable date: none
        }
        return null;
    }

    /**
     * The Date header in the form nearly all mail has (RFC 5322 section 3.3 without obsolete syntax: optional day
     * name, numeric zone, an optional trailing comment such as "(UTC)"), read with {@code java.time}; null for any
     * other form, which mime4j's lenient parser then reads (several times slower: it showed in delivery profiles).
     */
    private static Instant commonForm(String date) {
        String text = date.strip();
        if (text.endsWith(")")) {
            int open = text.lastIndexOf('(');
            if (open < 0 || text.indexOf(')') < open) {
                return null;
            }
            text = text.substring(0, open).stripTrailing();
        }
        if (text.length() < 20 || text.length() > 40 || !COMMON_DATE.matcher(text).matches()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String decode(String text) {
        if (text == null) {
            return null;
        }
        try {
            return DecoderUtil.decodeEncodedWords(text, DecodeMonitor.SILENT);
        } catch (RuntimeException e) {
            return text;
        }
    }
}
