package org.postroom.protocol.imap;

import java.util.HashMap;
import java.util.Map;

/**
 * A LIST or LSUB pattern (RFC 3501 section 6.3.8): {@code *} matches any characters, {@code %} any characters but
 * the hierarchy delimiter, everything else itself (case-sensitively).
 *
 * <p>
 * Matched without backtracking, so that no pattern can make a LIST run for ever (a regular expression made of
 * {@code *a*a*a*a*a*a*a*a*a*a*b} backtracks exponentially on a long name of {@code a}s): the pattern is a
 * non-deterministic automaton whose set of live states is kept as a bit set and advanced once per character of the
 * name (shift-and). Time is O(name length &times; pattern length / 64), memory O(pattern length), whatever the input.
 */
final class ListPattern {

    private final char delimiter;
    /** The pattern with runs of wildcards folded ({@code **}, {@code %*}, {@code *%} to {@code *}; {@code %%} to {@code %}). */
    private final String folded;
    /** One word per 64 states; state i means "the first i characters of {@link #folded} matched". */
    private final int words;
    private final long[] stars;
    private final long[] percents;
    private final long[] wildcards;
    /** For each literal character of the pattern, the states that it advances. */
    private final Map<Character, long[]> literals = new HashMap<>();

    private ListPattern(String pattern, char delimiter) {
        this.delimiter = delimiter;
        this.folded = fold(pattern);
        int states = folded.length() + 1;
        this.words = (states + 63) / 64;
        this.stars = new long[words];
        this.percents = new long[words];
        this.wildcards = new long[words];
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if (c == '*') {
                set(stars, i);
                set(wildcards, i);
            } else if (c == '%') {
                set(percents, i);
                set(wildcards, i);
            } else {
                set(literals.computeIfAbsent(c, k -> new long[words]), i);
            }
        }
    }

    static ListPattern compile(String pattern, char delimiter) {
        return new ListPattern(pattern, delimiter);
    }

    /** Whether {@code name} matches the whole pattern. */
    boolean matches(String name) {
        long[] live = new long[words];
        long[] next = new long[words];
        set(live, 0);
        closeOverWildcards(live);
        for (int n = 0; n < name.length(); n++) {
            char c = name.charAt(n);
            long[] literal = literals.get(c);
            boolean any = false;
            long carry = 0;
            for (int w = 0; w < words; w++) {
                long advanced = literal == null ? 0 : live[w] & literal[w];
                long stay = live[w] & (c == delimiter ? stars[w] : wildcards[w]);
                next[w] = (advanced << 1) | carry | stay;
                carry = advanced >>> 63;
                any |= next[w] != 0;
            }
            if (!any) {
                return false;
            }
            closeOverWildcards(next);
            long[] swap = live;
            live = next;
            next = swap;
        }
        return get(live, folded.length());
    }

    /**
     * A wildcard may match nothing: a live state before a wildcard makes the state after it live too. One step is
     * enough, because folding left no two wildcards next to each other.
     */
    private void closeOverWildcards(long[] live) {
        long carry = 0;
        for (int w = 0; w < words; w++) {
            long skipping = live[w] & wildcards[w];
            live[w] |= (skipping << 1) | carry;
            carry = skipping >>> 63;
        }
    }

    static String fold(String pattern) {
        StringBuilder out = new StringBuilder(pattern.length());
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            int last = out.length() - 1;
            boolean afterWildcard = last >= 0 && (out.charAt(last) == '*' || out.charAt(last) == '%');
            if (afterWildcard && (c == '*' || c == '%')) {
                if (c == '*') {
                    out.setCharAt(last, '*'); // %* and ** are *; %% is %; *% is *
                }
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    private static void set(long[] bits, int i) {
        bits[i >>> 6] |= 1L << (i & 63);
    }

    private static boolean get(long[] bits, int i) {
        return (bits[i >>> 6] & (1L << (i & 63))) != 0;
    }

    @Override
    public String toString() {
        return folded;
    }
}
