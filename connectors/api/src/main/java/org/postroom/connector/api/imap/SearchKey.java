package org.postroom.connector.api.imap;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A parsed SEARCH program (RFC 3501 section 6.4.4) as the engine hands it to the store: a small tree of keys.
 *
 * <p>
 * The engine has already resolved everything that depends on the session: message sequence sets, {@code UID} sets
 * with {@code *}, and {@code RECENT}, {@code NEW} and {@code OLD} (which depend on what this session saw first) all
 * arrive as {@link Uids}. Every other key maps one to one to the grammar: {@code ANSWERED} is
 * {@code Flag("\\Answered", true)}, {@code UNANSWERED} is {@code Flag("\\Answered", false)}, {@code KEYWORD k} is
 * {@code Flag(k, true)}, {@code FROM x} is {@code Header("From", x)}, a list of keys is {@link And}.
 *
 * <p>
 * A store evaluates what it has indexed (flags, UIDs, dates, sizes, perhaps headers) in its query language and may
 * use {@code SearchEvaluator} (module {@code connectors/model}) for the rest, message by message.
 */
public sealed interface SearchKey {

    /** ALL. */
    record All() implements SearchKey {
    }

    /** Every key matches (a parenthesized list, or the implicit AND of the top level). */
    record And(List<SearchKey> keys) implements SearchKey {
        public And {
            keys = List.copyOf(keys);
        }
    }

    /** OR key1 key2. */
    record Or(SearchKey left, SearchKey right) implements SearchKey {
        public Or {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    /** NOT key. */
    record Not(SearchKey key) implements SearchKey {
        public Not {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * A flag is set ({@code set}) or not: system flags spelled as in {@link ImapFlags}, keywords as given (compared
     * case-insensitively).
     */
    record Flag(String flag, boolean set) implements SearchKey {
        public Flag {
            Objects.requireNonNull(flag, "flag");
        }
    }

    /** The message's UID is in the set. */
    record Uids(UidSet uids) implements SearchKey {
        public Uids {
            Objects.requireNonNull(uids, "uids");
        }
    }

    /**
     * A header field of the message (not of its parts) whose decoded value contains {@code value},
     * case-insensitively; an empty value matches every message that has the field.
     */
    record Header(String field, String value) implements SearchKey {
        public Header {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(value, "value");
        }
    }

    /** BODY: the decoded text of the body contains the string, case-insensitively. */
    record Body(String text) implements SearchKey {
        public Body {
            Objects.requireNonNull(text, "text");
        }
    }

    /** TEXT: the decoded header or body contains the string, case-insensitively. */
    record Text(String text) implements SearchKey {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** BEFORE, ON, SINCE: the internal date, ignoring time and time zone. */
    record InternalDate(DateComparison comparison, LocalDate date) implements SearchKey {
        public InternalDate {
            Objects.requireNonNull(comparison, "comparison");
            Objects.requireNonNull(date, "date");
        }
    }

    /** SENTBEFORE, SENTON, SENTSINCE: the Date: header, ignoring time and time zone. */
    record SentDate(DateComparison comparison, LocalDate date) implements SearchKey {
        public SentDate {
            Objects.requireNonNull(comparison, "comparison");
            Objects.requireNonNull(date, "date");
        }
    }

    /** LARGER, SMALLER: RFC822.SIZE compared with {@code octets}, strictly. */
    record Size(SizeComparison comparison, long octets) implements SearchKey {
        public Size {
            Objects.requireNonNull(comparison, "comparison");
        }
    }

    enum DateComparison {
        /** Strictly earlier than the date. */
        BEFORE,
        /** On the date. */
        ON,
        /** On or after the date. */
        SINCE;

        public boolean test(LocalDate value, LocalDate reference) {
            return switch (this) {
                case BEFORE -> value.isBefore(reference);
                case ON -> value.isEqual(reference);
                case SINCE -> !value.isBefore(reference);
            };
        }
    }

    enum SizeComparison {
        LARGER, SMALLER;

        public boolean test(long size, long reference) {
            return this == LARGER ? size > reference : size < reference;
        }
    }

    SearchKey ALL = new All();
}
