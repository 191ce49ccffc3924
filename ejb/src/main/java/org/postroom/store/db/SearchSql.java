package org.postroom.store.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.postroom.store.MessageCriteria;

/**
 * Translates {@link MessageCriteria} into an SQL condition on {@code PR_MESSAGE m} (and, for header texts, {@code
 * PR_ENVELOPE e} joined on the content): system flag bits, UID ranges, internal dates, sizes and the stored search
 * texts of header fields (ADR 0077). The condition is always necessary (every match satisfies it); {@link
 * Part#exact()} says whether it is also sufficient ({@link MessageCriteria.Unindexed} is left to the caller, and so
 * is the final word on a header text, which may be missing). Parameters are numbered {@code ?1, ?2, ...} after
 * {@code first - 1} the caller binds itself.
 */
final class SearchSql {

    /** More UID ranges than this are narrowed to their bounds in SQL and checked exactly in Java. */
    static final int MAX_RANGES = 64;

    /** The LIKE escape character. */
    private static final char ESCAPE = '!';

    /**
     * @param sql an SQL condition, or null for "no restriction"
     * @param exact whether the condition matches exactly the messages the key matches
     * @param parameters the values of {@code ?first, ?first+1, ...}, in order
     * @param headerTexts the stored search texts the criteria name ({@code FROM, SUBJECT, ...}), in the order first
     *            named: the query joins {@code e} and returns them when there are any (also when the condition drops
     *            them, under NOT or OR: the caller decides on them)
     */
    record Part(String sql, boolean exact, List<Object> parameters, List<String> headerTexts) {
    }

    private final int first;
    private final List<Object> parameters = new ArrayList<>();
    private final java.util.Set<String> headerTexts = new java.util.LinkedHashSet<>();

    /** @param first the number of the first parameter this condition binds */
    SearchSql(int first) {
        this.first = first;
    }

    Part translate(MessageCriteria criteria) {
        Cond c = cond(criteria);
        // a condition dropped from an OR or NOT keeps its parameter numbers: the values stay bound, unused
        return new Part(c.sql, c.exact, List.copyOf(parameters), List.copyOf(headerTexts));
    }

    private record Cond(String sql, boolean exact) {
    }

    private static final Cond TRUE = new Cond(null, true);
    private static final Cond UNKNOWN = new Cond(null, false);
    private static final Cond NONE = new Cond("m.UID < 0", true);

    private Cond cond(MessageCriteria criteria) {
        if (criteria instanceof MessageCriteria.All) {
            return TRUE;
        } else if (criteria instanceof MessageCriteria.And and) {
            List<String> parts = new ArrayList<>();
            boolean exact = true;
            for (MessageCriteria k : and.criteria()) {
                Cond c = cond(k);
                exact &= c.exact;
                if (c.sql != null) {
                    parts.add("(" + c.sql + ")");
                }
            }
            return new Cond(parts.isEmpty() ? null : String.join(" AND ", parts), exact);
        } else if (criteria instanceof MessageCriteria.Or or) {
            Cond l = cond(or.left());
            Cond r = cond(or.right());
            if (l.sql == null || r.sql == null) {
                boolean alwaysTrue = (l.sql == null && l.exact) || (r.sql == null && r.exact);
                return alwaysTrue ? TRUE : UNKNOWN;
            }
            return new Cond("(" + l.sql + ") OR (" + r.sql + ")", l.exact && r.exact);
        } else if (criteria instanceof MessageCriteria.Not not) {
            Cond c = cond(not.criteria());
            if (!c.exact) {
                return UNKNOWN;
            }
            return c.sql == null ? NONE : new Cond("NOT (" + c.sql + ")", true);
        } else if (criteria instanceof MessageCriteria.FlagBit flag) {
            List<String> values = new ArrayList<>();
            for (int v = 0; v < 32; v++) {
                if (((v & flag.bit()) != 0) == flag.set()) {
                    values.add(Integer.toString(v));
                }
            }
            return new Cond("m.SYSTEM_FLAGS IN (" + String.join(", ", values) + ")", true);
        } else if (criteria instanceof MessageCriteria.Uids uids) {
            return uids(uids.ranges());
        } else if (criteria instanceof MessageCriteria.ReceivedBefore before) {
            return new Cond("m.INTERNAL_DATE < " + param(before.instant().toEpochMilli()), true);
        } else if (criteria instanceof MessageCriteria.ReceivedSince since) {
            return new Cond("m.INTERNAL_DATE >= " + param(since.instant().toEpochMilli()), true);
        } else if (criteria instanceof MessageCriteria.LargerThan larger) {
            return new Cond("m.SIZE_BYTES > " + param(larger.octets()), true);
        } else if (criteria instanceof MessageCriteria.SmallerThan smaller) {
            return new Cond("m.SIZE_BYTES < " + param(smaller.octets()), true);
        } else if (criteria instanceof MessageCriteria.HeaderText text) {
            headerTexts.add(column(text.field()));
            String column = "e.SEARCH_" + column(text.field());
            // no stored text (content of an earlier build, or none could be stored): the caller reads the message
            return new Cond("(" + column + " IS NULL OR " + column + " LIKE " + param(like(text.needle()))
                    + " ESCAPE '" + ESCAPE + "')", false);
        }
        return UNKNOWN; // MessageCriteria.Unindexed
    }

    private static String column(String field) {
        String f = field.toUpperCase(Locale.ROOT);
        return switch (f) {
            case "FROM", "TO", "CC", "BCC", "SUBJECT" -> f;
            default -> throw new IllegalArgumentException("no stored search text for " + field);
        };
    }

    /** {@code %needle%} with the needle's wildcards and escape character escaped. */
    static String like(String needle) {
        StringBuilder b = new StringBuilder(needle.length() + 2).append('%');
        for (int i = 0; i < needle.length(); i++) {
            char c = needle.charAt(i);
            if (c == '%' || c == '_' || c == ESCAPE) {
                b.append(ESCAPE);
            }
            b.append(c);
        }
        return b.append('%').toString();
    }

    private Cond uids(List<MessageCriteria.UidRange> ranges) {
        if (ranges.isEmpty()) {
            return NONE;
        }
        if (ranges.size() > MAX_RANGES) {
            return new Cond("m.UID BETWEEN " + param(ranges.get(0).first()) + " AND "
                    + param(ranges.get(ranges.size() - 1).last()), false);
        }
        List<String> parts = new ArrayList<>();
        for (MessageCriteria.UidRange r : ranges) {
            parts.add(r.first() == r.last()
                    ? "m.UID = " + param(r.first())
                    : "m.UID BETWEEN " + param(r.first()) + " AND " + param(r.last()));
        }
        return new Cond(String.join(" OR ", parts), true);
    }

    private String param(Object value) {
        parameters.add(value);
        return "?" + (first + parameters.size() - 1);
    }
}
