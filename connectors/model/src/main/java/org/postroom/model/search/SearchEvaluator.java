package org.postroom.model.search;

import org.postroom.connector.api.imap.SearchKey;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.postroom.connector.api.mime.Address;
import org.postroom.connector.api.mime.BodyPart;
import org.postroom.model.mime.AddressListParser;
import org.postroom.model.mime.MimeHeader;
import org.postroom.model.mime.PartContent;
import org.postroom.model.mime.StructureAnalyzer;

/**
 * Evaluates a {@link SearchKey} against one message, in memory: the reference semantics of IMAP SEARCH for every
 * store. Strings match case-insensitively, as substrings, after decoding: header values from RFC 2047 encoded-words
 * (address fields also by their parsed addresses, {@link #headerMatches}), bodies from base64 or quoted-printable and
 * their charset. A store with indexes evaluates what it can in its queries and calls this for the remaining keys.
 *
 * <p>
 * The message is read as FETCH reads it (ADR 0038): headers by {@link MimeHeader}, the parts by
 * {@link StructureAnalyzer} (what BODYSTRUCTURE shows), each text part's body decoded by {@link PartContent}. BODY
 * searches the text of every text part, and of every encapsulated message (message/rfc822) its header too; TEXT
 * searches the top-level header and what BODY searches. Other parts (images, application/*, an encoded
 * message/rfc822) are not searched. A header key reads only the header, never the body.
 *
 * <p>
 * Stateless and thread-safe. The message content is read once per evaluation, only if a key needs it.
 */
public final class SearchEvaluator {

    private static final Pattern DATE = Pattern.compile("(\\d{1,2})\\s+([A-Za-z]{3})\\s+(\\d{2,4})");

    private SearchEvaluator() {
    }

    /** Whether {@code message} satisfies {@code key}. */
    public static boolean matches(SearchKey key, SearchableMessage message) {
        return new Evaluation(message).test(key);
    }

    /** Whether evaluating {@code key} needs the message content (headers or body), not only the metadata. */
    public static boolean needsContent(SearchKey key) {
        if (key instanceof SearchKey.And and) {
            return and.keys().stream().anyMatch(SearchEvaluator::needsContent);
        }
        if (key instanceof SearchKey.Or or) {
            return needsContent(or.left()) || needsContent(or.right());
        }
        if (key instanceof SearchKey.Not not) {
            return needsContent(not.key());
        }
        return key instanceof SearchKey.Header || key instanceof SearchKey.Body || key instanceof SearchKey.Text
                || key instanceof SearchKey.SentDate;
    }

    /**
     * The header fields RFC 5322 (section 3.6) allows at most once that stores keep in their envelope: for these only
     * the first occurrence is searched (a repeated one is malformed mail), so a store can answer them from the
     * envelope it stored. Other header names match any occurrence.
     */
    public static final Set<String> SINGLE_FIELDS = Set.of("from", "to", "cc", "bcc", "subject");

    /** Whether {@code field} is one of {@link #SINGLE_FIELDS}, in any case. */
    public static boolean isSingleField(String field) {
        return SINGLE_FIELDS.contains(field.toLowerCase(Locale.ROOT));
    }

    /**
     * The fields that hold addresses (RFC 5322 sections 3.6.2, 3.6.3, 3.6.6): a header key on one of them also
     * matches the parsed addresses (ADR 0024).
     */
    public static final Set<String> ADDRESS_FIELDS = Set.of("from", "sender", "reply-to", "to", "cc", "bcc",
            "resent-from", "resent-sender", "resent-to", "resent-cc", "resent-bcc");

    /**
     * The string match of header keys: {@code wanted} is a case-insensitive substring of the decoded field value (the
     * empty string matches any present field).
     */
    public static boolean headerValueMatches(String decodedValue, String wanted) {
        String w = fold(wanted);
        return w.isEmpty() || fold(decodedValue).contains(w);
    }

    /**
     * The match of a header key on one field value as {@link MimeHeader} reads it (unfolded, 8-bit octets read as
     * UTF-8 or ISO-8859-1, not RFC 2047 decoded), the rule of ADR 0024: {@code wanted} is a case-insensitive substring of the decoded value, or, for
     * an {@linkplain #ADDRESS_FIELDS address field}, of one of its addresses as {@link AddressListParser} reads them
     * (comments removed, the display name unquoted and decoded), written {@code name <local@domain>}, or
     * {@code local@domain} without a name, or a group's name. The empty string matches any present field.
     */
    public static boolean headerMatches(String field, String value, String wanted) {
        String w = fold(wanted);
        if (w.isEmpty() || fold(MimeHeader.decodeEncodedWords(value)).contains(w)) {
            return true;
        }
        if (!ADDRESS_FIELDS.contains(field.toLowerCase(Locale.ROOT))) {
            return false;
        }
        for (Address a : AddressListParser.parse(value)) {
            if (fold(searchable(a)).contains(w)) {
                return true;
            }
        }
        return false;
    }

    /** One parsed address as SEARCH reads it: {@code name <local@domain>}, parts the parser made up left out. */
    static String searchable(Address a) {
        if (a.isGroupEnd()) {
            return "";
        }
        if (a.isGroupStart()) {
            return MimeHeader.decodeEncodedWords(a.mailbox());
        }
        String local = a.mailbox().equals(AddressListParser.MISSING_MAILBOX) ? "" : a.mailbox();
        String domain = a.host().equals(AddressListParser.MISSING_DOMAIN) ? "" : a.host();
        String spec = MimeHeader.decodeEncodedWords(domain.isEmpty() ? local : local + "@" + domain);
        return a.name() == null ? spec : MimeHeader.decodeEncodedWords(a.name()) + " <" + spec + ">";
    }

    /** The calendar date of an RFC 5322 Date: value, ignoring time and zone; empty when it cannot be read. */
    static Optional<LocalDate> sentDate(String dateHeader) {
        String value = dateHeader.replaceAll("\\([^)]*\\)", " ").trim();
        try {
            return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toLocalDate());
        } catch (DateTimeParseException e) {
            Matcher m = DATE.matcher(value);
            if (!m.find()) {
                return Optional.empty();
            }
            int month = "janfebmaraprmayjunjulaugsepoctnovdec".indexOf(m.group(2).toLowerCase(Locale.ROOT));
            if (month < 0 || month % 3 != 0) {
                return Optional.empty();
            }
            int year = Integer.parseInt(m.group(3));
            if (m.group(3).length() == 2) {
                year += year < 50 ? 2000 : 1900;
            }
            try {
                return Optional.of(LocalDate.of(year, month / 3 + 1, Integer.parseInt(m.group(1))));
            } catch (java.time.DateTimeException invalid) {
                return Optional.empty();
            }
        }
    }

    private static String fold(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** One message's evaluation, caching the parsed content. */
    private static final class Evaluation {
        private final SearchableMessage message;
        private byte[] content;
        private MimeHeader head;
        private String headerText;
        private String bodyText;

        Evaluation(SearchableMessage message) {
            this.message = message;
        }

        boolean test(SearchKey key) {
            if (key instanceof SearchKey.All) {
                return true;
            } else if (key instanceof SearchKey.And and) {
                return and.keys().stream().allMatch(this::test);
            } else if (key instanceof SearchKey.Or or) {
                return test(or.left()) || test(or.right());
            } else if (key instanceof SearchKey.Not not) {
                return !test(not.key());
            } else if (key instanceof SearchKey.Flag flag) {
                return hasFlag(flag.flag()) == flag.set();
            } else if (key instanceof SearchKey.Uids uids) {
                return uids.uids().contains(message.uid());
            } else if (key instanceof SearchKey.Header header) {
                return header(header.field(), header.value());
            } else if (key instanceof SearchKey.Body body) {
                return body().contains(fold(body.text()));
            } else if (key instanceof SearchKey.Text text) {
                return headerText().contains(fold(text.text())) || body().contains(fold(text.text()));
            } else if (key instanceof SearchKey.InternalDate date) {
                return date.comparison().test(message.internalDate().toLocalDate(), date.date());
            } else if (key instanceof SearchKey.SentDate date) {
                return head().first("Date")
                        .flatMap(SearchEvaluator::sentDate)
                        .map(d -> date.comparison().test(d, date.date()))
                        .orElse(false);
            } else if (key instanceof SearchKey.Size size) {
                return size.comparison().test(message.size(), size.octets());
            }
            throw new IllegalArgumentException("unknown search key " + key);
        }

        private boolean hasFlag(String flag) {
            return message.flags().stream().anyMatch(f -> f.equalsIgnoreCase(flag));
        }

        private boolean header(String field, String value) {
            Stream<MimeHeader.Field> fields = head().fields().stream().filter(f -> f.name().equalsIgnoreCase(field));
            if (isSingleField(field)) {
                fields = fields.limit(1);
            }
            return fields.anyMatch(f -> headerMatches(field, f.value(), value));
        }

        private byte[] content() {
            if (content == null) {
                content = message.content().get();
            }
            return content;
        }

        /** The top-level header only: header keys never read further. */
        private MimeHeader head() {
            if (head == null) {
                head = MimeHeader.read(content(), 0, content().length);
            }
            return head;
        }

        private String headerText() {
            if (headerText == null) {
                StringBuilder b = new StringBuilder();
                appendHeader(head(), b);
                headerText = fold(b.toString());
            }
            return headerText;
        }

        private String body() {
            if (bodyText == null) {
                StringBuilder b = new StringBuilder();
                appendText(content(), StructureAnalyzer.analyze(content()).body(), b);
                bodyText = fold(b.toString());
            }
            return bodyText;
        }
    }

    /** The searchable text of {@code part}: its text parts and encapsulated messages, as BODYSTRUCTURE shows them. */
    private static void appendText(byte[] m, BodyPart part, StringBuilder out) {
        if (part.isMultipart()) {
            for (BodyPart child : part.children()) {
                appendText(m, child, out);
            }
        } else if (part.isMessageRfc822()) {
            BodyPart inner = part.message().body();
            appendHeader(MimeHeader.read(m, (int) inner.headerOffset(), (int) inner.bodyOffset()), out);
            appendText(m, inner, out);
        } else if (part.isText()) {
            out.append(PartContent.text(m, part)).append('\n');
        }
    }

    private static void appendHeader(MimeHeader header, StringBuilder out) {
        for (MimeHeader.Field f : header.fields()) {
            out.append(f.name()).append(": ").append(MimeHeader.decodeEncodedWords(f.value())).append('\n');
        }
    }
}
