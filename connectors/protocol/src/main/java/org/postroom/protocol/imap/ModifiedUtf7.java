package org.postroom.protocol.imap;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Modified UTF-7, the encoding of international mailbox names (RFC 3501 section 5.1.3): printable US-ASCII stands
 * for itself, {@code &} is {@code &-}, anything else is {@code &} + modified base64 (with {@code ,} for {@code /},
 * no padding) of UTF-16BE + {@code -}.
 */
public final class ModifiedUtf7 {

    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    private ModifiedUtf7() {
    }

    public static String encode(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c == '&') {
                out.append("&-");
                i++;
            } else if (c >= 0x20 && c <= 0x7e) {
                out.append(c);
                i++;
            } else {
                int start = i;
                while (i < name.length() && (name.charAt(i) < 0x20 || name.charAt(i) > 0x7e)) {
                    i++;
                }
                byte[] utf16 = name.substring(start, i).getBytes(StandardCharsets.UTF_16BE);
                out.append('&').append(ENCODER.encodeToString(utf16).replace('/', ',')).append('-');
            }
        }
        return out.toString();
    }

    /**
     * @throws IllegalArgumentException the name is not valid modified UTF-7 (an unterminated or malformed shift,
     *             or a shift that encodes printable US-ASCII)
     */
    public static String decode(String encoded) {
        StringBuilder out = new StringBuilder(encoded.length());
        int i = 0;
        while (i < encoded.length()) {
            char c = encoded.charAt(i);
            if (c != '&') {
                out.append(c);
                i++;
                continue;
            }
            int end = encoded.indexOf('-', i + 1);
            if (end < 0) {
                throw new IllegalArgumentException("unterminated shift in mailbox name");
            }
            if (end == i + 1) {
                out.append('&');
            } else {
                String b64 = encoded.substring(i + 1, end);
                if (b64.indexOf('/') >= 0 || b64.indexOf('=') >= 0) {
                    throw new IllegalArgumentException("not modified base64: " + b64);
                }
                byte[] utf16;
                try {
                    utf16 = DECODER.decode(b64.replace(',', '/'));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("malformed shift in mailbox name", e);
                }
                if (utf16.length % 2 != 0) {
                    throw new IllegalArgumentException("odd UTF-16 length in mailbox name");
                }
                String decoded = StandardCharsets.UTF_16BE.decode(ByteBuffer.wrap(utf16)).toString();
                if (decoded.chars().anyMatch(ch -> ch >= 0x20 && ch <= 0x7e)) {
                    throw new IllegalArgumentException("shift encodes printable US-ASCII");
                }
                out.append(decoded);
            }
            i = end + 1;
        }
        return out.toString();
    }
}
