package org.postroom.model.mime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.postroom.connector.api.mime.BodyPart;
import org.postroom.connector.api.mime.Disposition;
import org.postroom.connector.api.mime.Envelope;
import org.postroom.connector.api.mime.MessageStructure;
import org.postroom.connector.api.mime.Parameter;

/**
 * Computes the {@link MessageStructure} of a raw message once, at delivery, so IMAP serves ENVELOPE, BODYSTRUCTURE and
 * BODY[section] without parsing the message again (ADR 0012). SEARCH reads bodies through it too (ADR 0038), so the
 * parts SEARCH looks into are the parts FETCH shows.
 *
 * <p>
 * The scan over the bytes is our own, because IMAP needs each section's exact octet offsets and Mime4j's token
 * stream does not give them; header field values are read with Mime4j's {@code RawFieldParser} (see
 * {@link MimeParameters}) and addresses by {@link AddressListParser}.
 *
 * <p>
 * The rules (RFC 2045, 2046, 3501; lines may end in CRLF or a bare LF):
 * <ul>
 * <li>Headers are read by {@link MimeHeader}'s rules (the ones SEARCH reads by too, ADR 0038): a header ends at the
 * first empty line (which belongs to the header) or at the first line that is neither a field nor a continuation
 * (which starts the body), or at the end of the entity. The first occurrence of a field counts. Values are unfolded
 * and trimmed, never decoded; 8-bit bytes are read as UTF-8, or ISO-8859-1 when they are not UTF-8.</li>
 * <li>No or an invalid Content-Type means {@code text/plain} ({@code message/rfc822} in a {@code multipart/digest});
 * a text part without a charset gets {@code charset=us-ascii}.</li>
 * <li>A multipart's parts lie between boundary lines ({@code --boundary} then only white space; the close delimiter
 * is {@code --boundary--}); the line break before a boundary line belongs to the boundary; preamble and epilogue
 * belong to no part. Without a close delimiter the last part ends where the multipart ends. A multipart without a
 * boundary or without any part is described as {@code text/plain}.</li>
 * <li>A {@code message/rfc822} part (in 7bit, 8bit or binary) has a nested structure whose offsets are still counted
 * from the start of the whole message.</li>
 * <li>Below {@value #MAX_DEPTH} levels of nesting, a multipart or message/rfc822 part, and an encoded (base64,
 * quoted-printable) message/rfc822 part, is described as an opaque {@code application/octet-stream}: the record
 * requires parts for a multipart and an encapsulated message for message/rfc822. After {@value #MAX_PARTS} parts in
 * one message, further parts are not described (their bytes are in no section): a hostile message of millions of
 * empty parts must not cost gigabytes.</li>
 * <li>{@code lines} is the number of lines of the body of text and message/rfc822 parts (a last line without a line
 * break counts), 0 for the others.</li>
 * </ul>
 * {@link #analyze} never throws: whatever the bytes, the result describes them somehow.
 */
public final class StructureAnalyzer {

    /** Multipart and message/rfc822 nesting deeper than this is opaque. */
    public static final int MAX_DEPTH = 50;
    /** At most this many body parts are described per message. */
    public static final int MAX_PARTS = 10_000;

    private static final Set<String> FIELDS = Set.of("date", "subject", "from", "sender", "reply-to", "to", "cc",
            "bcc", "in-reply-to", "message-id", "content-type", "content-id", "content-description",
            "content-transfer-encoding", "content-md5", "content-disposition", "content-language",
            "content-location");
    private static final Set<String> IDENTITY_ENCODINGS = Set.of("7bit", "8bit", "binary");

    private final byte[] m;
    private int parts;

    private StructureAnalyzer(byte[] message) {
        this.m = message;
    }

    /** The structure of {@code message} (the raw bytes as stored); never throws. */
    public static MessageStructure analyze(byte[] message) {
        byte[] bytes = message == null ? new byte[0] : message;
        try {
            return new StructureAnalyzer(bytes).message(0, bytes.length, 0);
        } catch (RuntimeException | StackOverflowError e) {
            return opaque(bytes);
        }
    }

    /** The last resort: the whole message as one text part without header. */
    private static MessageStructure opaque(byte[] bytes) {
        return new MessageStructure(Envelope.EMPTY,
                new BodyPart("text", "plain", List.of(new Parameter("charset", "us-ascii")), null, null, null, 0, 0,
                        bytes.length, lines(bytes, 0, bytes.length), null, null, List.of(), null, List.of(), null));
    }

    private MessageStructure message(int start, int end, int depth) {
        MimeHeader h = header(start, end);
        BodyPart body = entity(h, start, end, depth, false);
        return new MessageStructure(envelope(h), body);
    }

    private static Envelope envelope(MimeHeader h) {
        return new Envelope(h.value("date"), h.value("subject"), AddressListParser.parse(h.value("from")),
                AddressListParser.parse(h.value("sender")), AddressListParser.parse(h.value("reply-to")),
                AddressListParser.parse(h.value("to")), AddressListParser.parse(h.value("cc")),
                AddressListParser.parse(h.value("bcc")), h.value("in-reply-to"), h.value("message-id"));
    }

    private BodyPart entity(MimeHeader h, int start, int end, int depth, boolean inDigest) {
        parts++;
        int bodyStart = h.bodyStart();
        String type = inDigest ? "message" : "text";
        String subtype = inDigest ? "rfc822" : "plain";
        List<Parameter> params = List.of();
        String contentType = h.value("content-type");
        if (contentType != null) {
            MimeParameters ct = MimeParameters.parse("Content-Type", contentType);
            int slash = ct.value().indexOf('/');
            String t = slash < 0 ? "" : token(ct.value().substring(0, slash));
            String s = slash < 0 ? "" : token(ct.value().substring(slash + 1));
            if (!t.isEmpty() && !s.isEmpty()) {
                type = t;
                subtype = s;
                params = ct.parameters();
            }
        }
        String encoding = h.value("content-transfer-encoding");
        List<BodyPart> children = List.of();
        MessageStructure message = null;
        if (type.equals("multipart")) {
            String boundary = param(params, "boundary");
            if (depth < MAX_DEPTH && boundary != null && !boundary.isEmpty()) {
                children = multipart(bodyStart, end, boundary, depth, subtype.equals("digest"));
            }
            if (children.isEmpty()) {
                type = depth < MAX_DEPTH ? "text" : "application";
                subtype = depth < MAX_DEPTH ? "plain" : "octet-stream";
                params = List.of();
            }
        } else if (type.equals("message") && subtype.equals("rfc822")) {
            boolean identity = encoding == null || IDENTITY_ENCODINGS.contains(encoding.toLowerCase(Locale.ROOT));
            if (depth < MAX_DEPTH && identity) {
                message = message(bodyStart, end, depth + 1);
            } else {
                type = "application";
                subtype = "octet-stream";
                params = List.of();
            }
        }
        if (type.equals("text") && param(params, "charset") == null) {
            params = new ArrayList<>(params);
            params.add(new Parameter("charset", "us-ascii"));
        }
        Disposition disposition = null;
        String cd = h.value("content-disposition");
        if (cd != null) {
            MimeParameters d = MimeParameters.parse("Content-Disposition", cd);
            if (!d.value().isEmpty()) {
                disposition = new Disposition(d.value().toLowerCase(Locale.ROOT), d.parameters());
            }
        }
        List<String> language = new ArrayList<>();
        String cl = h.value("content-language");
        if (cl != null) {
            for (String tag : cl.split(",")) {
                if (!tag.isBlank()) {
                    language.add(tag.strip());
                }
            }
        }
        long lines = type.equals("text") || message != null ? lines(m, bodyStart, end) : 0;
        return new BodyPart(type, subtype, params, h.value("content-id"), h.value("content-description"), encoding,
                start, bodyStart, end, lines, h.value("content-md5"), disposition, language,
                h.value("content-location"),
                children, message);
    }

    private List<BodyPart> multipart(int from, int end, String boundary, int depth, boolean digest) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.UTF_8);
        List<int[]> ranges = new ArrayList<>();
        int partStart = -1;
        int p = from;
        while (p < end) {
            int lineEnd = MimeHeader.lineEnd(m, p, end);
            int next = lineEnd < end ? lineEnd + 1 : end;
            int contentEnd = lineEnd > p && m[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            int kind = boundaryKind(p, contentEnd, delimiter);
            if (kind != 0) {
                if (partStart >= 0) {
                    ranges.add(new int[]{partStart, lineBreakBefore(p, partStart)});
                }
                if (kind == 2) {
                    partStart = -1;
                    break;
                }
                partStart = next;
            }
            p = next;
        }
        if (partStart >= 0) {
            ranges.add(new int[]{partStart, end});
        }
        List<BodyPart> children = new ArrayList<>(ranges.size());
        for (int[] r : ranges) {
            if (parts >= MAX_PARTS) {
                break;
            }
            children.add(entity(header(r[0], r[1]), r[0], r[1], depth + 1, digest));
        }
        return children;
    }

    /** 0: not a boundary line; 1: a delimiter; 2: the close delimiter. */
    private int boundaryKind(int p, int contentEnd, byte[] delimiter) {
        if (contentEnd - p < delimiter.length) {
            return 0;
        }
        for (int i = 0; i < delimiter.length; i++) {
            if (m[p + i] != delimiter[i]) {
                return 0;
            }
        }
        int rest = p + delimiter.length;
        if (rest + 2 <= contentEnd && m[rest] == '-' && m[rest + 1] == '-') {
            return 2;
        }
        for (int i = rest; i < contentEnd; i++) {
            if (m[i] != ' ' && m[i] != '\t') {
                return 0;
            }
        }
        return 1;
    }

    /** Where the line break that ends just before {@code p} starts (not before {@code min}). */
    private int lineBreakBefore(int p, int min) {
        if (p - 2 >= min && m[p - 2] == '\r' && m[p - 1] == '\n') {
            return p - 2;
        }
        if (p - 1 >= min && m[p - 1] == '\n') {
            return p - 1;
        }
        return p;
    }

    /** The header at {@code start}: the first occurrence of each of {@link #FIELDS}. */
    private MimeHeader header(int start, int end) {
        return MimeHeader.read(m, start, end, FIELDS);
    }

    private static long lines(byte[] m, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            if (m[i] == '\n') {
                n++;
            }
        }
        return to > from && m[to - 1] != '\n' ? n + 1 : n;
    }

    private static String token(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?=".indexOf(c) >= 0) {
                return "";
            }
        }
        return t;
    }

    private static String param(List<Parameter> params, String name) {
        for (Parameter p : params) {
            if (p.attribute().equalsIgnoreCase(name)) {
                return p.value();
            }
        }
        return null;
    }
}
