package org.postroom.connector.api.imap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.stream.LongStream;

/**
 * A set of message UIDs as sorted, disjoint, non-adjacent ranges, so that {@code 1:100000} costs one range and a
 * store can evaluate it with {@code BETWEEN}. Immutable.
 */
public final class UidSet {

    /** An inclusive range of UIDs, {@code 1 <= first <= last}. */
    public record Range(long first, long last) {

        public Range {
            if (first < 1 || last < first) {
                throw new IllegalArgumentException("invalid UID range " + first + ":" + last);
            }
        }

        public long size() {
            return last - first + 1;
        }
    }

    public static final UidSet EMPTY = new UidSet(List.of());

    private final List<Range> ranges;

    private UidSet(List<Range> normalized) {
        this.ranges = List.copyOf(normalized);
    }

    /** The set of these UIDs, in any order, duplicates allowed. */
    public static UidSet of(long... uids) {
        long[] sorted = uids.clone();
        Arrays.sort(sorted);
        List<Range> out = new ArrayList<>();
        int i = 0;
        while (i < sorted.length) {
            long first = sorted[i];
            long last = first;
            i++;
            while (i < sorted.length && sorted[i] <= last + 1) {
                last = Math.max(last, sorted[i]);
                i++;
            }
            out.add(new Range(first, last));
        }
        return new UidSet(out);
    }

    public static UidSet of(Collection<Long> uids) {
        return of(uids.stream().mapToLong(Long::longValue).toArray());
    }

    /** The union of these ranges, in any order, overlapping allowed. */
    public static UidSet ofRanges(Collection<Range> ranges) {
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort((a, b) -> Long.compare(a.first(), b.first()));
        List<Range> out = new ArrayList<>();
        for (Range r : sorted) {
            if (!out.isEmpty() && r.first() <= out.get(out.size() - 1).last() + 1) {
                Range prev = out.remove(out.size() - 1);
                out.add(new Range(prev.first(), Math.max(prev.last(), r.last())));
            } else {
                out.add(r);
            }
        }
        return new UidSet(out);
    }

    public static UidSet range(long first, long last) {
        return new UidSet(List.of(new Range(first, last)));
    }

    public List<Range> ranges() {
        return ranges;
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** How many UIDs the set holds. */
    public long size() {
        return ranges.stream().mapToLong(Range::size).sum();
    }

    public boolean contains(long uid) {
        int lo = 0;
        int hi = ranges.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Range r = ranges.get(mid);
            if (uid < r.first()) {
                hi = mid - 1;
            } else if (uid > r.last()) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** The UIDs of this set greater than {@code uid}. */
    public UidSet above(long uid) {
        List<Range> kept = new ArrayList<>();
        for (Range r : ranges) {
            if (r.last() > uid) {
                kept.add(r.first() > uid ? r : new Range(uid + 1, r.last()));
            }
        }
        return kept.size() == ranges.size() && (kept.isEmpty() || kept.get(0) == ranges.get(0))
                ? this
                : new UidSet(List.copyOf(kept));
    }

    /** Every UID in ascending order; mind the size of sets such as {@code 1:4294967295}. */
    public LongStream stream() {
        return ranges.stream().flatMapToLong(r -> LongStream.rangeClosed(r.first(), r.last()));
    }

    /** IMAP sequence-set syntax, {@code 1:3,7}; empty for the empty set. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Range r : ranges) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(r.first());
            if (r.last() != r.first()) {
                b.append(':').append(r.last());
            }
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UidSet other && ranges.equals(other.ranges);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ranges);
    }
}
