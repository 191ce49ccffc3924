package org.postroom.store.jpa;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.postroom.connector.api.imap.ImapFlags;
import org.postroom.connector.api.imap.SearchKey;
import org.postroom.connector.api.imap.UidSet;
import org.postroom.store.MailMessage;

/**
 * Translates the indexed part of an IMAP SEARCH program into a JPQL condition on {@code MailMessage m}: system flags,
 * UID sets, internal dates (UTC calendar days, as the store shows internal dates) and sizes. The condition is always
 * necessary (every match satisfies it); {@link Part#exact()} says whether it is also sufficient. Header, body, text,
 * sent-date and keyword keys are left to {@code SearchEvaluator}.
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

    Part translate(SearchKey key) {
        Cond c = cond(key);
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

    private Cond cond(SearchKey key) {
        if (key instanceof SearchKey.All) {
            return TRUE;
        } else if (key instanceof SearchKey.And and) {
            List<String> parts = new ArrayList<>();
            boolean exact = true;
            for (SearchKey k : and.keys()) {
                Cond c = cond(k);
                exact &= c.exact;
                if (c.sql != null) {
                    parts.add("(" + c.sql + ")");
                }
            }
            return new Cond(parts.isEmpty() ? null : String.join(" AND ", parts), exact);
        } else if (key instanceof SearchKey.Or or) {
            Cond l = cond(or.left());
            Cond r = cond(or.right());
            if (l.sql == null || r.sql == null) {
                boolean alwaysTrue = (l.sql == null && l.exact) || (r.sql == null && r.exact);
                return alwaysTrue ? TRUE : UNKNOWN;
            }
            return new Cond("(" + l.sql + ") OR (" + r.sql + ")", l.exact && r.exact);
        } else if (key instanceof SearchKey.Not not) {
            Cond c = cond(not.key());
            if (!c.exact) {
                return UNKNOWN;
            }
            return c.sql == null ? NONE : new Cond("NOT (" + c.sql + ")", true);
        } else if (key instanceof SearchKey.Flag flag) {
            int bit = bit(flag.flag());
            if (bit == 0) {
                return UNKNOWN; // a keyword: space-separated column, matched case-insensitively in Java
            }
            List<Integer> values = new ArrayList<>();
            for (int v = 0; v < 32; v++) {
                if (((v & bit) != 0) == flag.set()) {
                    values.add(v);
                }
            }
            return new Cond("m.systemFlags IN :" + param(values), true);
        } else if (key instanceof SearchKey.Uids uids) {
            return uids(uids.uids());
        } else if (key instanceof SearchKey.InternalDate date) {
            Instant start = day(date.date());
            Instant next = day(date.date().plusDays(1));
            return switch (date.comparison()) {
                case BEFORE -> new Cond("m.internalDate < :" + param(start), true);
                case ON -> new Cond("m.internalDate >= :" + param(start) + " AND m.internalDate < :" + param(next),
                        true);
                case SINCE -> new Cond("m.internalDate >= :" + param(start), true);
            };
        } else if (key instanceof SearchKey.Size size) {
            return new Cond("m.size " + (size.comparison() == SearchKey.SizeComparison.LARGER ? ">" : "<") + " :"
                    + param(size.octets()), true);
        }
        return UNKNOWN;
    }

    private Cond uids(UidSet set) {
        List<UidSet.Range> ranges = set.ranges();
        if (ranges.isEmpty()) {
            return NONE;
        }
        if (ranges.size() > MAX_RANGES) {
            return new Cond("m.uid BETWEEN :" + param(ranges.get(0).first()) + " AND :"
                    + param(ranges.get(ranges.size() - 1).last()), false);
        }
        List<String> parts = new ArrayList<>();
        for (UidSet.Range r : ranges) {
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

    private static Instant day(LocalDate date) {
        return date.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The {@link MailMessage} bit of a system flag; 0 for a keyword. */
    static int bit(String flag) {
        return switch (ImapFlags.canonical(flag).orElse("")) {
            case ImapFlags.SEEN -> MailMessage.SEEN;
            case ImapFlags.ANSWERED -> MailMessage.ANSWERED;
            case ImapFlags.FLAGGED -> MailMessage.FLAGGED;
            case ImapFlags.DELETED -> MailMessage.DELETED;
            case ImapFlags.DRAFT -> MailMessage.DRAFT;
            default -> 0;
        };
    }
}
