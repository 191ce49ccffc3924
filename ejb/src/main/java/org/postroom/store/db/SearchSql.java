package org.postroom.store.db;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.postroom.store.MessageCriteria;

/**
 * Translates {@link MessageCriteria} into a JPQL condition on {@code MailMessage m}: system flag bits, UID ranges,
 * internal dates and sizes. The condition is always necessary (every match satisfies it); {@link Part#exact()} says
 * whether it is also sufficient ({@link MessageCriteria.Unindexed} is left to the caller).
 */
final class SearchSql {

    /** More UID ranges than this are narrowed to their bounds in SQL and checked exactly in Java. */
    static final int MAX_RANGES = 64;

    /**
     * @param sql a JPQL condition, or null for "no restriction"
     * @param exact whether the condition matches exactly the messages the key matches
     */
    record Part(String sql, boolean exact, Map<String, Object> parameters) {
    }

    private final Map<String, Object> parameters = new HashMap<>();

    Part translate(MessageCriteria criteria) {
        Cond c = cond(criteria);
        Map<String, Object> used = new HashMap<>();
        if (c.sql != null) {
            // conditions dropped from an OR or NOT leave parameters the query does not name
            parameters.forEach((name, value) -> {
                if (java.util.regex.Pattern.compile(":" + name + "\\b").matcher(c.sql).find()) {
                    used.put(name, value);
                }
            });
        }
        return new Part(c.sql, c.exact, used);
    }

    private record Cond(String sql, boolean exact) {
    }

    private static final Cond TRUE = new Cond(null, true);
    private static final Cond UNKNOWN = new Cond(null, false);
    private static final Cond NONE = new Cond("m.uid < 0", true);

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
            List<Integer> values = new ArrayList<>();
            for (int v = 0; v < 32; v++) {
                if (((v & flag.bit()) != 0) == flag.set()) {
                    values.add(v);
                }
            }
            return new Cond("m.systemFlags IN :" + param(values), true);
        } else if (criteria instanceof MessageCriteria.Uids uids) {
            return uids(uids.ranges());
        } else if (criteria instanceof MessageCriteria.ReceivedBefore before) {
            return new Cond("m.internalDate < :" + param(before.instant()), true);
        } else if (criteria instanceof MessageCriteria.ReceivedSince since) {
            return new Cond("m.internalDate >= :" + param(since.instant()), true);
        } else if (criteria instanceof MessageCriteria.LargerThan larger) {
            return new Cond("m.size > :" + param(larger.octets()), true);
        } else if (criteria instanceof MessageCriteria.SmallerThan smaller) {
            return new Cond("m.size < :" + param(smaller.octets()), true);
        }
        return UNKNOWN; // MessageCriteria.Unindexed
    }

    private Cond uids(List<MessageCriteria.UidRange> ranges) {
        if (ranges.isEmpty()) {
            return NONE;
        }
        if (ranges.size() > MAX_RANGES) {
            return new Cond("m.uid BETWEEN :" + param(ranges.get(0).first()) + " AND :"
                    + param(ranges.get(ranges.size() - 1).last()), false);
        }
        List<String> parts = new ArrayList<>();
        for (MessageCriteria.UidRange r : ranges) {
            parts.add(r.first() == r.last()
                    ? "m.uid = :" + param(r.first())
                    : "m.uid BETWEEN :" + param(r.first()) + " AND :" + param(r.last()));
        }
        return new Cond(String.join(" OR ", parts), true);
    }

    private String param(Object value) {
        String name = "s" + parameters.size();
        parameters.put(name, value);
        return name;
    }
}
