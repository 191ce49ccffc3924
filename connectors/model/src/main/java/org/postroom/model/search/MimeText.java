package org.postroom.model.search;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/**
 * The little MIME reading that searching needs: header fields (unfolded, RFC 2047 decoded) and the decoded text of a
 * message's text parts (transfer encodings and charsets undone). Lenient: malformed input yields what can be read.
 */
final class MimeText {

    /** One header field: its name and its unfolded, undecoded value. */
    record Field(String name, String value) {
    }

    /** A header and where the body after it starts. */
    record Head(List<Field> fields, int bodyStart) {

        Optional<String> first(String name) {
            return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Field::value).findFirst();
        }
    }

    private static final int MAX_DEPTH = 20;

    private MimeText() {
    }

    /** Reads the header starting at {@code start} up to the blank line (or the end). */
    static Head head(byte[] m, int start, int end) {
        List<Field> fields = new ArrayList<>();
        int pos = start;
        StringBuilder current = null;
        while (pos < end) {
            int eol = pos;
            while (eol < end && m[eol] != '\n') {
                eol++;
            }
            int lineEnd = eol > pos && m[eol - 1] == '\r' ? eol - 1 : eol;
            int next = Math.min(eol + 1, end);
            if (lineEnd == pos) {
                addField(fields, current);
                return new Head(fields, next);
            }
            String line = new String(m, pos, lineEnd - pos, StandardCharsets.ISO_8859_1);
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
                current.append(line);
            } else {
                addField(fields, current);
                current = new StringBuilder(line);
            }
            pos = next;
        }
        addField(fields, current);
        return new Head(fields, end);
    }

    private static void addField(List<Field> fields, StringBuilder raw) {
        if (raw == null) {
            return;
        }
        int colon = raw.indexOf(":");
        if (colon <= 0) {
            return;
        }
        fields.add(new Field(raw.substring(0, colon).trim(), raw.substring(colon + 1).trim()));
    }

    /**
     * A header value as a person reads it: 8-bit octets taken as UTF-8 when valid, RFC 2047 encoded-words decoded by
     * Mime4j's {@link DecoderUtil}, as the envelope analysis at delivery decodes the subject (the FETCH side).
     */
    static String decodeHeaderValue(String isoValue) {
        String value = utf8OrLatin1(isoValue.getBytes(StandardCharsets.ISO_8859_1));
        try {
            return DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT);
        } catch (RuntimeException e) {
            return value;
        }
    }

    /** The decoded text of every text part of the message or part starting at {@code start}, concatenated. */
    static String bodyText(byte[] m) {
        StringBuilder out = new StringBuilder();
        Head head = head(m, 0, m.length);
        appendBody(m, head, head.bodyStart(), m.length, out, 0);
        return out.toString();
    }

    private static void appendBody(byte[] m, Head head, int start, int end, StringBuilder out, int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        String contentType = head.first("Content-Type").orElse("text/plain");
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (mediaType.startsWith("multipart/")) {
            Optional<String> boundary = parameter(contentType, "boundary");
            if (boundary.isPresent()) {
                for (int[] part : parts(m, start, end, boundary.get())) {
                    Head partHead = head(m, part[0], part[1]);
                    appendBody(m, partHead, partHead.bodyStart(), part[1], out, depth + 1);
                }
                return;
            }
        }
        if (mediaType.equals("message/rfc822")) {
            Head inner = head(m, start, end);
            for (Field f : inner.fields()) {
                out.append(f.name()).append(": ").append(decodeHeaderValue(f.value())).append('\n');
            }
            appendBody(m, inner, inner.bodyStart(), end, out, depth + 1);
            return;
        }
        if (!mediaType.startsWith("text/") && !mediaType.isEmpty()) {
            return;
        }
        byte[] raw = java.util.Arrays.copyOfRange(m, start, Math.max(start, end));
        String encoding = head.first("Content-Transfer-Encoding").orElse("7bit").trim().toLowerCase(Locale.ROOT);
        byte[] decoded = switch (encoding) {
            case "base64" -> base64(raw);
            case "quoted-printable" -> quotedPrintable(raw);
            default -> raw;
        };
        Optional<Charset> charset = parameter(contentType, "charset").flatMap(MimeText::charset);
        out.append(charset.map(c -> new String(decoded, c)).orElseGet(() -> utf8OrLatin1(decoded))).append('\n');
    }

    /** The [start, end) of each body part between {@code --boundary} lines. */
    private static List<int[]> parts(byte[] m, int start, int end, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<int[]> parts = new ArrayList<>();
        int partStart = -1;
        int pos = start;
        while (pos < end) {
            int eol = pos;
            while (eol < end && m[eol] != '\n') {
                eol++;
            }
            if (startsWith(m, pos, eol, delimiter)) {
                int lineBreakBefore = pos;
                if (lineBreakBefore > start && m[lineBreakBefore - 1] == '\n') {
                    lineBreakBefore--;
                    if (lineBreakBefore > start && m[lineBreakBefore - 1] == '\r') {
                        lineBreakBefore--;
                    }
                }
                if (partStart >= 0) {
                    parts.add(new int[]{partStart, Math.max(partStart, lineBreakBefore)});
                }
                boolean close = eol - pos >= delimiter.length + 2 && m[pos + delimiter.length] == '-'
                        && m[pos + delimiter.length + 1] == '-';
                if (close) {
                    return parts;
                }
                partStart = Math.min(eol + 1, end);
            }
            pos = eol + 1;
        }
        if (partStart >= 0 && partStart < end) {
            parts.add(new int[]{partStart, end});
        }
        return parts;
    }

    private static boolean startsWith(byte[] m, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (m[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static Optional<String> parameter(String headerValue, String name) {
        for (String piece : headerValue.split(";")) {
            int eq = piece.indexOf('=');
            if (eq > 0 && piece.substring(0, eq).trim().equalsIgnoreCase(name)) {
                String value = piece.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    static Optional<Charset> charset(String name) {
        try {
            return Optional.of(Charset.forName(name.trim()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static String utf8OrLatin1(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private static byte[] base64(byte[] raw) {
        try {
            return Base64.getMimeDecoder().decode(raw);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }

    static byte[] quotedPrintable(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '=' && i + 1 < raw.length) {
                if (raw[i + 1] == '\r' && i + 2 < raw.length && raw[i + 2] == '\n') {
                    i += 2;
                    continue;
                }
                if (raw[i + 1] == '\n') {
                    i += 1;
                    continue;
                }
                if (i + 2 < raw.length) {
                    int hi = Character.digit(raw[i + 1], 16);
                    int lo = Character.digit(raw[i + 2], 16);
                    if (hi >= 0 && lo >= 0) {
                        out.write(hi * 16 + lo);
                        i += 2;
                        continue;
                    }
                }
            }
            out.write(b);
        }
        return out.toByteArray();
    }
}
