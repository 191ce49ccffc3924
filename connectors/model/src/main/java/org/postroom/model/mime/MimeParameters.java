package org.postroom.model.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.postroom.connector.api.mime.Parameter;

/**
 * A structured MIME header value ({@code text/plain; charset=utf-8}, {@code attachment; filename*=...}): Mime4j's
 * {@link RawFieldParser} splits it into the value and its parameters (quotes, escapes, comments), in header order;
 * RFC 2231 continuations and charsets ({@code filename*0*=utf-8''%C3%A4; filename*1=.txt}) are decoded here, because
 * Mime4j's Content-Type field neither decodes them nor keeps the order.
 */
record MimeParameters(String value, List<Parameter> parameters) {

    private static final Pattern EXTENDED = Pattern.compile("(.+?)\\*(?:(\\d{1,3})\\*?|)");

    static MimeParameters parse(String fieldName, String fieldValue) {
        // the value is unfolded already, so a CR or LF left in it is a stray one (a lone CR inside a line); Mime4j
        // refuses such a field outright, which would turn the whole message into one opaque part: read it as a space
        String unfolded = fieldValue.replace('\r', ' ').replace('\n', ' ');
        RawBody body = RawFieldParser.DEFAULT.parseRawBody(new RawField(fieldName, unfolded));
        return new MimeParameters(body.getValue() == null ? "" : body.getValue().strip(), decode(body.getParams()));
    }

    /** Merges RFC 2231 sections by name; the first occurrence of a name wins, an RFC 2231 value over a plain one. */
    static List<Parameter> decode(List<NameValuePair> params) {
        List<String> order = new ArrayList<>();
        Map<String, String> plain = new HashMap<>();
        Map<String, String> written = new HashMap<>();
        Map<String, TreeMap<Integer, NameValuePair>> sections = new HashMap<>();
        for (NameValuePair p : params) {
            String name = p.getName() == null ? "" : p.getName().strip();
            if (name.isEmpty()) {
                continue;
            }
            Matcher m = EXTENDED.matcher(name);
            String base = m.matches() ? m.group(1) : name;
            String key = base.toLowerCase(Locale.ROOT);
            if (!written.containsKey(key)) {
                order.add(key);
                written.put(key, base);
            }
            String value = p.getValue() == null ? "" : p.getValue();
            if (m.matches()) {
                int section = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
                sections.computeIfAbsent(key, k -> new TreeMap<>()).putIfAbsent(section,
                        new NameValuePair(name, value));
            } else {
                plain.putIfAbsent(key, value);
            }
        }
        List<Parameter> out = new ArrayList<>(order.size());
        for (String key : order) {
            String value = sections.containsKey(key) ? joinSections(sections.get(key)) : plain.get(key);
            out.add(new Parameter(written.get(key), value));
        }
        return out;
    }

    /** Sections 0, 1, ... up to the first gap; {@code *}-marked ones percent-decoded; all in the charset of section 0 (UTF-8 when none or unknown). */
    private static String joinSections(TreeMap<Integer, NameValuePair> sections) {
        Charset charset = StandardCharsets.UTF_8;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int expected = 0;
        for (Map.Entry<Integer, NameValuePair> e : sections.entrySet()) {
            if (e.getKey() != expected) {
                break;
            }
            expected++;
            String value = e.getValue().getValue();
            boolean extended = e.getValue().getName().endsWith("*");
            if (extended && e.getKey() == 0) {
                int first = value.indexOf('\'');
                int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
                if (second >= 0) {
                    charset = charset(value.substring(0, first));
                    value = value.substring(second + 1);
                }
            }
            byte[] part = extended ? percentDecode(value) : value.getBytes(StandardCharsets.UTF_8);
            bytes.write(part, 0, part.length);
        }
        return new String(bytes.toByteArray(), charset);
    }

    private static Charset charset(String name) {
        try {
            return name.isBlank() ? StandardCharsets.UTF_8 : Charset.forName(name.strip());
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private static byte[] percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toByteArray();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
