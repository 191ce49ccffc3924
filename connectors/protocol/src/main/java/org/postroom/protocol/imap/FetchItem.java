package org.postroom.protocol.imap;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One FETCH data item (RFC 3501 section 6.4.5). For {@link Kind#BODY_SECTION} the section and the optional partial
 * range are set.
 *
 * @param kind what is asked
 * @param peek BODY.PEEK: do not set \Seen
 * @param section the section of BODY[section], or {@code null}
 * @param origin the first octet of {@code <origin.count>}, or -1 without a partial range
 * @param count the octet count of the partial range
 */
record FetchItem(Kind kind, boolean peek, Section section, long origin, long count) {

    enum Kind {
        UID, FLAGS, INTERNALDATE, RFC822_SIZE, ENVELOPE, BODY, BODYSTRUCTURE, RFC822, RFC822_HEADER, RFC822_TEXT, BODY_SECTION
    }

    /** What follows a section's part number: nothing (the part's body), a header form, MIME or TEXT. */
    enum Text {
        NONE(""), HEADER("HEADER"), HEADER_FIELDS("HEADER.FIELDS"), HEADER_FIELDS_NOT("HEADER.FIELDS.NOT"), MIME(
                "MIME"), TEXT("TEXT");

        final String spec;

        Text(String spec) {
            this.spec = spec;
        }
    }

    /**
     * A section-spec: part numbers ({@code 1.2}), then a text specifier; {@code fields} for HEADER.FIELDS[.NOT],
     * upper-cased.
     */
    record Section(List<Integer> part, Text text, List<String> fields) {

        Section {
            part = List.copyOf(part);
            fields = List.copyOf(fields);
        }

        /** As echoed in the response: {@code 1.HEADER.FIELDS (FROM TO)}. */
        String spec() {
            String numbers = part.stream().map(String::valueOf).collect(Collectors.joining("."));
            String t = text.spec;
            if (text == Text.HEADER_FIELDS || text == Text.HEADER_FIELDS_NOT) {
                t += " (" + String.join(" ", fields) + ")";
            }
            if (numbers.isEmpty()) {
                return t;
            }
            return t.isEmpty() ? numbers : numbers + "." + t;
        }

        /** Whether slicing needs the stored structure (anything but the whole message). */
        boolean needsStructure() {
            return !part.isEmpty() || text != Text.NONE;
        }
    }

    static FetchItem simple(Kind kind) {
        return new FetchItem(kind, false, null, -1, 0);
    }

    /** Whether fetching this item sets \Seen (RFC 3501: BODY[...], RFC822, RFC822.TEXT). */
    boolean setsSeen() {
        return (kind == Kind.BODY_SECTION && !peek) || kind == Kind.RFC822 || kind == Kind.RFC822_TEXT;
    }

    boolean needsContent() {
        return kind == Kind.BODY_SECTION || kind == Kind.RFC822 || kind == Kind.RFC822_HEADER
                || kind == Kind.RFC822_TEXT;
    }

    boolean needsStructure() {
        return kind == Kind.ENVELOPE || kind == Kind.BODY || kind == Kind.BODYSTRUCTURE
                || (kind == Kind.BODY_SECTION && section.needsStructure()) || kind == Kind.RFC822_HEADER
                || kind == Kind.RFC822_TEXT;
    }

    /** The item name in the response: {@code BODY[1.MIME]<0>}, {@code RFC822.SIZE}. */
    String responseName() {
        return switch (kind) {
            case BODY_SECTION -> "BODY[" + section.spec() + "]" + (origin >= 0 ? "<" + origin + ">" : "");
            case RFC822_SIZE -> "RFC822.SIZE";
            case RFC822_HEADER -> "RFC822.HEADER";
            case RFC822_TEXT -> "RFC822.TEXT";
            default -> kind.name().toUpperCase(Locale.ROOT);
        };
    }
}
