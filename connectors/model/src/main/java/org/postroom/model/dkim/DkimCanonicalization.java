package org.postroom.model.dkim;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * The "relaxed" canonicalizations of RFC 6376 section 3.4, over octets (8-bit and UTF-8 octets pass through as they
 * are). Input lines end in CRLF ({@link DkimSigner} normalises bare LF first).
 */
public final class DkimCanonicalization {

    private DkimCanonicalization() {
    }

    /**
     * One header field, relaxed (section 3.4.2): the name in lower case without the white space before the colon;
     * the value unfolded, each run of white space one space, none at its start or end; then {@code name:value}
     * (no CRLF: the caller adds it where the algorithm wants one).
     *
     * @param field the whole field as it appears in the message, continuation lines and final CRLF included or not,
     *        as ISO-8859-1 characters (one per octet)
     */
    public static String relaxedHeader(String field) {
        int colon = field.indexOf(':');
        String name = colon < 0 ? field : field.substring(0, colon);
        String value = colon < 0 ? "" : field.substring(colon + 1);
        StringBuilder out = new StringBuilder(field.length());
        out.append(stripWhiteSpace(name).toLowerCase(Locale.ROOT)).append(':');
        boolean pendingSpace = false;
        boolean started = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                continue; // unfolding: the line break goes, the white space after it stays (and is compressed)
            }
            if (c == ' ' || c == '\t') {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace && started) {
                out.append(' ');
            }
            pendingSpace = false;
            started = true;
            out.append(c);
        }
        return out.toString();
    }

    private static String stripWhiteSpace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isWhiteSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isWhiteSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isWhiteSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /**
     * The body, relaxed (section 3.4.4): white space at the end of each line removed, each other run of white space
     * one space, empty lines at the end removed; every remaining line ends in CRLF. An empty body (or one of empty
     * lines only) is empty (RFC 6376 errata 3109: no CRLF is added to an empty body).
     *
     * @param message the message whose body to take
     * @param from where the body starts in it
     */
    public static byte[] relaxedBody(byte[] message, int from) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(16, message.length - from));
        int pendingEmptyLines = 0;
        int i = from;
        while (i < message.length) {
            int end = lineEnd(message, i);
            // one line: message[i, end) without its CRLF
            ByteArrayOutputStream line = new ByteArrayOutputStream(end - i);
            boolean pendingSpace = false;
            for (int j = i; j < end; j++) {
                byte b = message[j];
                if (b == ' ' || b == '\t') {
                    pendingSpace = true;
                    continue;
                }
                if (pendingSpace) {
                    line.write(' ');
                    pendingSpace = false;
                }
                line.write(b);
            }
            if (line.size() == 0) {
                pendingEmptyLines++;
            } else {
                for (; pendingEmptyLines > 0; pendingEmptyLines--) {
                    out.write('\r');
                    out.write('\n');
                }
                out.writeBytes(line.toByteArray());
                out.write('\r');
                out.write('\n');
            }
            i = end;
            if (i + 1 < message.length && message[i] == '\r' && message[i + 1] == '\n') {
                i += 2;
            } else if (i < message.length) {
                i++; // a bare LF (not expected after normalisation)
            }
        }
        return out.toByteArray();
    }

    /** The index of the CRLF (or bare LF) ending the line that starts at {@code start}, or the end of the array. */
    private static int lineEnd(byte[] message, int start) {
        for (int j = start; j < message.length; j++) {
            if (message[j] == '\n') {
                return j > start && message[j - 1] == '\r' ? j - 1 : j;
            }
        }
        return message.length;
    }
}
