package org.postroom.protocol.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses FETCH data items (RFC 3501 section 6.4.5 and 9): the macros ALL, FAST and FULL, a single item, or a
 * parenthesized list; BODY[section]&lt;partial&gt; and BODY.PEEK with every section form.
 */
final class FetchParser {

    private FetchParser() {
    }

    static List<FetchItem> items(ImapParser p) throws ImapSyntaxException {
        List<FetchItem> items = new ArrayList<>();
        if (p.accept('(')) {
            items.add(item(p));
            while (p.accept(' ')) {
                items.add(item(p));
            }
            p.expect(')');
            return items;
        }
        int mark = p.position();
        String name = p.atom().toUpperCase(Locale.ROOT);
        switch (name) {
            case "ALL" -> items.addAll(List.of(FetchItem.simple(FetchItem.Kind.FLAGS),
                    FetchItem.simple(FetchItem.Kind.INTERNALDATE), FetchItem.simple(FetchItem.Kind.RFC822_SIZE),
                    FetchItem.simple(FetchItem.Kind.ENVELOPE)));
            case "FAST" -> items.addAll(List.of(FetchItem.simple(FetchItem.Kind.FLAGS),
                    FetchItem.simple(FetchItem.Kind.INTERNALDATE), FetchItem.simple(FetchItem.Kind.RFC822_SIZE)));
            case "FULL" -> items.addAll(List.of(FetchItem.simple(FetchItem.Kind.FLAGS),
                    FetchItem.simple(FetchItem.Kind.INTERNALDATE), FetchItem.simple(FetchItem.Kind.RFC822_SIZE),
                    FetchItem.simple(FetchItem.Kind.ENVELOPE), FetchItem.simple(FetchItem.Kind.BODY)));
            default -> {
                p.reset(mark);
                items.add(item(p));
            }
        }
        return items;
    }

    static FetchItem item(ImapParser p) throws ImapSyntaxException {
        StringBuilder b = new StringBuilder();
        while (!p.atEnd() && (Character.isLetterOrDigit(p.peek()) || p.peek() == '.')) {
            b.append((char) p.peek());
            p.accept((char) p.peek());
        }
        String name = b.toString().toUpperCase(Locale.ROOT);
        if ((name.equals("BODY") || name.equals("BODY.PEEK")) && p.peekIs('[')) {
            FetchItem.Section section = section(p);
            long origin = -1;
            long count = 0;
            if (p.accept('<')) {
                origin = p.number();
                p.expect('.');
                count = p.nzNumber();
                p.expect('>');
            }
            return new FetchItem(FetchItem.Kind.BODY_SECTION, name.equals("BODY.PEEK"), section, origin, count);
        }
        return switch (name) {
            case "UID" -> FetchItem.simple(FetchItem.Kind.UID);
            case "FLAGS" -> FetchItem.simple(FetchItem.Kind.FLAGS);
            case "INTERNALDATE" -> FetchItem.simple(FetchItem.Kind.INTERNALDATE);
            case "RFC822.SIZE" -> FetchItem.simple(FetchItem.Kind.RFC822_SIZE);
            case "ENVELOPE" -> FetchItem.simple(FetchItem.Kind.ENVELOPE);
            case "BODY" -> FetchItem.simple(FetchItem.Kind.BODY);
            case "BODYSTRUCTURE" -> FetchItem.simple(FetchItem.Kind.BODYSTRUCTURE);
            case "RFC822" -> FetchItem.simple(FetchItem.Kind.RFC822);
            case "RFC822.HEADER" -> FetchItem.simple(FetchItem.Kind.RFC822_HEADER);
            case "RFC822.TEXT" -> FetchItem.simple(FetchItem.Kind.RFC822_TEXT);
            default -> throw new ImapSyntaxException("Unknown fetch item " + (name.isEmpty() ? "" : name));
        };
    }

    private static FetchItem.Section section(ImapParser p) throws ImapSyntaxException {
        p.expect('[');
        List<Integer> part = new ArrayList<>();
        FetchItem.Text text = FetchItem.Text.NONE;
        List<String> fields = new ArrayList<>();
        if (!p.accept(']')) {
            while (p.peek() >= '0' && p.peek() <= '9') {
                long n = p.nzNumber();
                if (n > 10_000 || part.size() >= 100) {
                    throw new ImapSyntaxException("Invalid section");
                }
                part.add((int) n);
                if (!p.accept('.')) {
                    break;
                }
                if (!(p.peek() >= '0' && p.peek() <= '9')) {
                    text = sectionText(p, !part.isEmpty());
                    break;
                }
            }
            if (part.isEmpty()) {
                text = sectionText(p, false);
            }
            if (text == FetchItem.Text.HEADER_FIELDS || text == FetchItem.Text.HEADER_FIELDS_NOT) {
                p.space();
                p.expect('(');
                do {
                    fields.add(p.astring().toUpperCase(Locale.ROOT));
                } while (p.accept(' '));
                p.expect(')');
            }
            p.expect(']');
        }
        return new FetchItem.Section(part, text, fields);
    }

    private static FetchItem.Text sectionText(ImapParser p, boolean afterPart) throws ImapSyntaxException {
        String spec = p.atom().toUpperCase(Locale.ROOT);
        return switch (spec) {
            case "HEADER" -> FetchItem.Text.HEADER;
            case "HEADER.FIELDS" -> FetchItem.Text.HEADER_FIELDS;
            case "HEADER.FIELDS.NOT" -> FetchItem.Text.HEADER_FIELDS_NOT;
            case "TEXT" -> FetchItem.Text.TEXT;
            case "MIME" -> {
                if (!afterPart) {
                    throw new ImapSyntaxException("MIME needs a part number");
                }
                yield FetchItem.Text.MIME;
            }
            default -> throw new ImapSyntaxException("Invalid section " + spec);
        };
    }
}
