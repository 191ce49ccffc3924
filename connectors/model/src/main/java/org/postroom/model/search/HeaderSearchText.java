package org.postroom.model.search;

import java.util.Locale;
import java.util.Optional;
import org.postroom.connector.api.mime.Address;
import org.postroom.model.mime.AddressListParser;
import org.postroom.model.mime.MimeHeader;

/**
 * The header fields FROM, TO, CC, BCC and SUBJECT as a SEARCH header key matches them ({@link
 * SearchEvaluator#headerMatches}), computed once per message so that a store can answer those keys with a substring
 * test on stored text instead of reading the message (ADR 0077): per field, the decoded value and, for an address
 * field, each parsed address as SEARCH reads it, every form case-folded, joined by {@link #SEPARATOR}. A field the
 * header does not have is the empty text.
 *
 * <p>
 * The rule: for a folded, non-empty needle without the separator ({@link #needle}), {@code text.contains(needle)}
 * is exactly {@code headerMatches(field, value, wanted)} on the first occurrence of the field, which is what the
 * evaluator searches (checked by {@code HeaderSearchTextTest}). A needle that is empty or holds the separator cannot
 * be decided this way: the message is then read.
 *
 * @param from the text of From, {@code ""} when the header has none
 */
public record HeaderSearchText(String from, String to, String cc, String bcc, String subject) {

    /** Between the forms of one field: a needle without it matches inside one form only. */
    public static final char SEPARATOR = '\n';

    /** The texts of a message's top-level header, read as {@link SearchEvaluator} reads it. */
    public static HeaderSearchText of(byte[] message) {
        MimeHeader head = MimeHeader.read(message, 0, message.length);
        return new HeaderSearchText(text(head, "from"), text(head, "to"), text(head, "cc"), text(head, "bcc"),
                text(head, "subject"));
    }

    private static String text(MimeHeader head, String field) {
        return head.first(field).map(v -> text(field, v)).orElse("");
    }

    /** The text of one field value (unfolded, not decoded, as {@link MimeHeader} reads it). */
    public static String text(String field, String value) {
        StringBuilder b = new StringBuilder(fold(MimeHeader.decodeEncodedWords(value)));
        if (SearchEvaluator.ADDRESS_FIELDS.contains(field.toLowerCase(Locale.ROOT))) {
            for (Address a : AddressListParser.parse(value)) {
                b.append(SEPARATOR).append(fold(SearchEvaluator.searchable(a)));
            }
        }
        return b.toString();
    }

    /**
     * What to look for in a text for the header key's string {@code wanted}: folded as the evaluator folds; empty
     * when the text cannot decide (an empty string matches any present field; one with the separator could match
     * across two forms).
     */
    public static Optional<String> needle(String wanted) {
        String w = fold(wanted);
        return w.isEmpty() || w.indexOf(SEPARATOR) >= 0 ? Optional.empty() : Optional.of(w);
    }

    /** The text of one of {@code from, to, cc, bcc, subject} (any case). */
    public String field(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "from" -> from;
            case "to" -> to;
            case "cc" -> cc;
            case "bcc" -> bcc;
            case "subject" -> subject;
            default -> throw new IllegalArgumentException("not a stored search field: " + name);
        };
    }

    private static String fold(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
