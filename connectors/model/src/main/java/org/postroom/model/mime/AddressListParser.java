package org.postroom.model.mime;

import org.postroom.connector.api.mime.Address;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an RFC 5322 address-list header value (From, To, Cc, ...) into IMAP address structures, leniently and
 * without decoding anything: encoded-words in display names are kept as written, as IMAP sends them.
 *
 * <p>
 * Shared by the envelope analysis at delivery and by SEARCH on address fields ({@code SearchEvaluator}), so both
 * read addresses alike. Written here rather than taken from Mime4j because Mime4j's address parsers decode
 * encoded-words in names (the ENVELOPE must not), and its lenient parser lets {@code <>} swallow the addresses after
 * it.
 *
 * <p>
 * The rules: comments are skipped (the last comment becomes the name of an address written without a display name,
 * as Dovecot does); a quoted-string display name is unquoted; a quoted local part keeps its quotes, so
 * {@code mailbox@host} can be rebuilt; a route ({@code <@a,@b:x@y>}) is the adl. An address with no local part gets
 * the mailbox {@value #MISSING_MAILBOX}, one with no domain the host {@value #MISSING_DOMAIN} (Dovecot's names): a
 * host is never {@code null} for a real address, since that marks a group. An empty {@code <>} is dropped. Groups
 * become start and end markers; a group not closed by {@code ;} is closed at the end, so markers always pair.
 */
public final class AddressListParser {

    public static final String MISSING_MAILBOX = "MISSING_MAILBOX";
    public static final String MISSING_DOMAIN = "MISSING_DOMAIN";

    private enum Kind {
        WORD, QUOTED, LITERAL, SPECIAL
    }

    private record Token(Kind kind, String text) {
        boolean is(char c) {
            return kind == Kind.SPECIAL && text.charAt(0) == c;
        }
    }

    private final List<Token> tokens = new ArrayList<>();
    /** For each token, the text of the last comment seen before it (or null). */
    private final List<String> comments = new ArrayList<>();
    private String trailingComment;
    private int pos;
    private final List<Address> out = new ArrayList<>();

    private AddressListParser(String value) {
        tokenize(value);
    }

    /** The addresses of {@code value}; empty for {@code null} or a value without addresses. */
    public static List<Address> parse(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        AddressListParser p = new AddressListParser(value);
        p.list();
        return List.copyOf(p.out);
    }

    private void list() {
        boolean inGroup = false;
        while (pos < tokens.size()) {
            Token t = tokens.get(pos);
            if (t.is(',')) {
                pos++;
                continue;
            }
            if (t.is(';')) {
                pos++;
                if (inGroup) {
                    out.add(Address.GROUP_END);
                    inGroup = false;
                }
                continue;
            }
            int start = pos;
            List<String> phrase = new ArrayList<>();
            while (pos < tokens.size() && !stop(tokens.get(pos))) {
                phrase.add(word(tokens.get(pos)));
                pos++;
            }
            Token next = pos < tokens.size() ? tokens.get(pos) : null;
            if (next != null && next.is(':') && !inGroup) {
                pos++;
                out.add(Address.groupStart(join(phrase)));
                inGroup = true;
            } else if (next != null && next.is('<')) {
                pos++;
                angle(phrase.isEmpty() ? null : join(phrase));
            } else {
                pos = start;
                addrSpec();
            }
        }
        if (inGroup) {
            out.add(Address.GROUP_END);
        }
    }

    private static boolean stop(Token t) {
        return t.is(',') || t.is(';') || t.is(':') || t.is('<');
    }

    /** {@code [route ":"] addr-spec ">"}, after the {@code <}; junk up to the next separator is skipped. */
    private void angle(String name) {
        StringBuilder route = new StringBuilder();
        if (pos < tokens.size() && tokens.get(pos).is('@')) {
            int mark = pos;
            while (pos < tokens.size() && !tokens.get(pos).is(':') && !tokens.get(pos).is('>')) {
                route.append(tokens.get(pos).text());
                pos++;
            }
            if (pos < tokens.size() && tokens.get(pos).is(':')) {
                pos++;
            } else {
                pos = mark;
                route.setLength(0);
            }
        }
        StringBuilder local = new StringBuilder();
        StringBuilder domain = null;
        while (pos < tokens.size() && !tokens.get(pos).is('>')) {
            Token t = tokens.get(pos++);
            if (t.is('@') && domain == null) {
                domain = new StringBuilder();
            } else {
                (domain == null ? local : domain).append(raw(t));
            }
        }
        pos++; // the '>', or past the end
        while (pos < tokens.size() && !tokens.get(pos).is(',') && !tokens.get(pos).is(';')) {
            pos++;
        }
        add(name, route.isEmpty() ? null : route.toString(), local.toString(),
                domain == null ? "" : domain.toString(), null);
    }

    /** {@code local-part ["@" domain]} up to the next separator. */
    private void addrSpec() {
        StringBuilder local = new StringBuilder();
        StringBuilder domain = null;
        while (pos < tokens.size() && !tokens.get(pos).is(',') && !tokens.get(pos).is(';')) {
            Token t = tokens.get(pos++);
            if (t.is('@') && domain == null) {
                domain = new StringBuilder();
            } else if (!t.is(':') && !t.is('<') && !t.is('>')) {
                (domain == null ? local : domain).append(raw(t));
            }
        }
        String comment = pos < tokens.size() ? comments.get(pos) : trailingComment;
        add(null, null, local.toString(), domain == null ? "" : domain.toString(), comment);
    }

    private void add(String name, String adl, String local, String domain, String comment) {
        if (name == null && comment != null && !comment.isBlank()) {
            name = comment.strip();
        }
        if (local.isEmpty() && domain.isEmpty() && name == null) {
            return;
        }
        out.add(new Address(name, adl, local.isEmpty() ? MISSING_MAILBOX : local,
                domain.isEmpty() ? MISSING_DOMAIN : domain));
    }

    private static String join(List<String> words) {
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            if (b.length() > 0 && !w.equals(".")) {
                b.append(' ');
            }
            b.append(w);
        }
        return b.toString();
    }

    /** A token as a display-name word: quoted strings unquoted. */
    private static String word(Token t) {
        return t.text();
    }

    /** A token as part of an address: quoted strings quoted again. */
    private static String raw(Token t) {
        if (t.kind() != Kind.QUOTED) {
            return t.text();
        }
        return '"' + t.text().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private void tokenize(String s) {
        String lastComment = null;
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                i++;
            } else if (c == '(') {
                StringBuilder comment = new StringBuilder();
                int depth = 0;
                for (; i < n; i++) {
                    char d = s.charAt(i);
                    if (d == '\\' && i + 1 < n) {
                        comment.append(s.charAt(++i));
                        continue;
                    }
                    if (d == '(') {
                        depth++;
                        if (depth == 1) {
                            continue;
                        }
                    } else if (d == ')') {
                        depth--;
                        if (depth == 0) {
                            i++;
                            break;
                        }
                    }
                    comment.append(d);
                }
                lastComment = comment.toString();
            } else if (c == '"') {
                StringBuilder q = new StringBuilder();
                for (i++; i < n && s.charAt(i) != '"'; i++) {
                    char d = s.charAt(i);
                    if (d == '\\' && i + 1 < n) {
                        d = s.charAt(++i);
                    }
                    q.append(d);
                }
                i++;
                add(Kind.QUOTED, q.toString(), lastComment);
                lastComment = null;
            } else if (c == '[') {
                int end = s.indexOf(']', i);
                end = end < 0 ? n : end + 1;
                add(Kind.LITERAL, s.substring(i, end), lastComment);
                lastComment = null;
                i = end;
            } else if ("<>@,;:.".indexOf(c) >= 0) {
                add(Kind.SPECIAL, String.valueOf(c), lastComment);
                lastComment = null;
                i++;
            } else {
                int start = i;
                // a stray ')' is part of a word; every other stop character is handled above, so this always advances
                while (i < n && (i == start || " \t\r\n(\"[<>@,;:.".indexOf(s.charAt(i)) < 0)) {
                    i++;
                }
                add(Kind.WORD, s.substring(start, i), lastComment);
                lastComment = null;
            }
        }
        trailingComment = lastComment;
    }

    private void add(Kind kind, String text, String commentBefore) {
        tokens.add(new Token(kind, text));
        comments.add(commentBefore);
    }
}
