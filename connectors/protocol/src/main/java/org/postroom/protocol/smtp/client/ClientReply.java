package org.postroom.protocol.smtp.client;

import java.util.List;

/**
 * A reply of the remote server, or one this side composed for a failure without one.
 *
 * @param code the three-digit reply code
 * @param lines the reply's lines as received, without CRLF ({@code 250-PIPELINING}, {@code 250 SIZE 1000})
 */
public record ClientReply(int code, List<String> lines) {

    public ClientReply {
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least one line");
        }
    }

    /** A reply composed by this side: {@code code enhanced text}. */
    public static ClientReply composed(int code, String enhanced, String text) {
        return new ClientReply(code, List.of(code + " " + enhanced + " " + text));
    }

    /** The lines joined with a space, as recorded in an outcome (Postfix records multiline replies the same way). */
    public String text() {
        return String.join(" ", lines);
    }

    public boolean positive() {
        return code >= 200 && code < 300;
    }

    public boolean transientFailure() {
        return code >= 400 && code < 500;
    }

    public boolean permanentFailure() {
        return code >= 500 && code < 600;
    }

    /** The text after the code of each line, e.g. the EHLO keywords. */
    List<String> texts() {
        return lines.stream().map(l -> l.length() > 4 ? l.substring(4) : "").toList();
    }

    @Override
    public String toString() {
        return text();
    }
}
