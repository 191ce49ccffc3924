package org.postroom.protocol.imap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.postroom.connector.api.mime.Address;
import org.postroom.connector.api.mime.BodyPart;
import org.postroom.connector.api.mime.Disposition;
import org.postroom.connector.api.mime.Envelope;
import org.postroom.connector.api.mime.MessageStructure;
import org.postroom.connector.api.mime.Parameter;

/**
 * Test-only: computes a {@link MessageStructure} for the simple, well-formed messages the tests use (the real
 * analyzer lives on the business side). Handles nested multiparts and message/rfc822; addresses of the form
 * {@code Name <a@b>} or {@code a@b}, no groups; parameters without RFC 2231.
 */
final class TestMessages {

    private TestMessages() {
    }

    static byte[] bytes(String message) {
        return message.getBytes(StandardCharsets.UTF_8);
    }

    static MessageStructure structure(byte[] m) {
        return message(m, 0, m.length);
    }

    private record Field(String name, String value) {
    }

    private record Head(List<Field> fields, int bodyStart) {
        String get(String name) {
            return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Field::value).findFirst()
                    .orElse(null);
        }
    }

    private static MessageStructure message(byte[] m, int start, int end) {
        Head h = head(m, start, end);
        return new MessageStructure(envelope(h), part(m, h, start, end, "text/plain"));
    }

    private static Envelope envelope(Head h) {
        return new Envelope(h.get("Date"), h.get("Subject"), addresses(h.get("From")), addresses(h.get("Sender")),
                addresses(h.get("Reply-To")), addresses(h.get("To")), addresses(h.get("Cc")), addresses(h.get("Bcc")),
                h.get("In-Reply-To"), h.get("Message-ID"));
    }

    private static BodyPart part(byte[] m, Head h, int headerStart, int end, String defaultType) {
        String ct = h.get("Content-Type") == null ? defaultType : h.get("Content-Type");
        String[] pieces = ct.split(";");
        String[] media = pieces[0].trim().toLowerCase(Locale.ROOT).split("/", 2);
        String type = media[0];
        String subtype = media.length > 1 ? media[1] : "plain";
        List<Parameter> params = parameters(pieces);
        if (type.equals("text") && params.stream().noneMatch(p -> p.attribute().equalsIgnoreCase("charset"))) {
            params.add(new Parameter("charset", "us-ascii"));
        }
        int bodyStart = h.bodyStart();
        List<BodyPart> children = new ArrayList<>();
        MessageStructure inner = null;
        if (type.equals("multipart")) {
            String boundary = params.stream().filter(p -> p.attribute().equalsIgnoreCase("boundary")).findFirst()
                    .orElseThrow().value();
            for (int[] range : split(m, bodyStart, end, boundary)) {
                Head ph = head(m, range[0], range[1]);
                children.add(part(m, ph, range[0], range[1],
                        subtype.equals("digest") ? "message/rfc822" : "text/plain"));
            }
        } else if (type.equals("message") && subtype.equals("rfc822")) {
            inner = message(m, bodyStart, end);
        }
        String disposition = h.get("Content-Disposition");
        Disposition d = null;
        if (disposition != null) {
            String[] dp = disposition.split(";");
            d = new Disposition(dp[0].trim().toLowerCase(Locale.ROOT), parameters(dp));
        }
        String language = h.get("Content-Language");
        List<String> languages = language == null ? List.of() : List.of(language.split("\\s*,\\s*"));
        return new BodyPart(type, subtype, params, h.get("Content-ID"), h.get("Content-Description"),
                h.get("Content-Transfer-Encoding"), headerStart, bodyStart, end, lines(m, bodyStart, end),
                h.get("Content-MD5"), d, languages, h.get("Content-Location"), children, inner);
    }

    private static List<Parameter> parameters(String[] pieces) {
        List<Parameter> params = new ArrayList<>();
        for (int i = 1; i < pieces.length; i++) {
            int eq = pieces[i].indexOf('=');
            if (eq > 0) {
                String value = pieces[i].substring(eq + 1).trim();
                if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) {
                    value = value.substring(1, value.length() - 1);
                }
                params.add(new Parameter(pieces[i].substring(0, eq).trim().toLowerCase(Locale.ROOT), value));
            }
        }
        return params;
    }

    private static long lines(byte[] m, int start, int end) {
        long n = 0;
        for (int i = start; i < end; i++) {
            if (m[i] == '\n') {
                n++;
            }
        }
        return end > start && m[end - 1] != '\n' ? n + 1 : n;
    }

    private static List<int[]> split(byte[] m, int start, int end, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<int[]> parts = new ArrayList<>();
        int partStart = -1;
        int pos = start;
        while (pos < end) {
            int eol = pos;
            while (eol < end && m[eol] != '\n') {
                eol++;
            }
            if (startsWith(m, pos, delimiter)) {
                if (partStart >= 0) {
                    parts.add(new int[]{partStart, Math.max(partStart, pos - 2)});
                }
                if (pos + delimiter.length + 1 < end && m[pos + delimiter.length] == '-') {
                    return parts;
                }
                partStart = eol + 1;
            }
            pos = eol + 1;
        }
        return parts;
    }

    private static boolean startsWith(byte[] m, int at, byte[] prefix) {
        if (at + prefix.length > m.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (m[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static Head head(byte[] m, int start, int end) {
        List<Field> fields = new ArrayList<>();
        int pos = start;
        StringBuilder current = null;
        while (pos < end) {
            int eol = pos;
            while (eol < end && m[eol] != '\n') {
                eol++;
            }
            int lineEnd = eol > pos && m[eol - 1] == '\r' ? eol - 1 : eol;
            if (lineEnd == pos) {
                add(fields, current);
                return new Head(fields, Math.min(eol + 1, end));
            }
            String line = new String(m, pos, lineEnd - pos, StandardCharsets.UTF_8);
            if ((line.startsWith(" ") || line.startsWith("\t")) && current != null) {
                current.append(line);
            } else {
                add(fields, current);
                current = new StringBuilder(line);
            }
            pos = eol + 1;
        }
        add(fields, current);
        return new Head(fields, end);
    }

    private static void add(List<Field> fields, StringBuilder raw) {
        if (raw != null && raw.indexOf(":") > 0) {
            int colon = raw.indexOf(":");
            fields.add(new Field(raw.substring(0, colon).trim(), raw.substring(colon + 1).trim()));
        }
    }

    private static List<Address> addresses(String value) {
        List<Address> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String one : value.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
            String s = one.trim();
            if (s.isEmpty()) {
                continue;
            }
            String name = null;
            String addr = s;
            int lt = s.indexOf('<');
            if (lt >= 0 && s.endsWith(">")) {
                name = s.substring(0, lt).trim();
                if (name.startsWith("\"") && name.endsWith("\"") && name.length() >= 2) {
                    name = name.substring(1, name.length() - 1);
                }
                if (name.isEmpty()) {
                    name = null;
                }
                addr = s.substring(lt + 1, s.length() - 1);
            }
            int at = addr.lastIndexOf('@');
            out.add(at < 0
                    ? new Address(name, null, addr, "")
                    : new Address(name, null, addr.substring(0, at),
                            addr.substring(at + 1)));
        }
        return out;
    }
}
