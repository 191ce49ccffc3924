package org.postroom.connector.api;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * Queue ids: short, unique, printable names for accepted messages, shown in the 250 reply, the logs and the API.
 *
 * <p>The rule: 18 characters of Crockford base32 (digits and upper-case letters without I, L, O and U, so safe in any
 * log, header or URL): 10 characters for the milliseconds since the epoch (48 bits, good until the year 10889) and 8
 * for 40 bits from {@link SecureRandom}. Ids made in the same millisecond collide with probability about n²/2⁴¹; the
 * database's unique constraint on the id is the final guard. Ids sort by creation time to the millisecond.
 */
public final class QueueIds {

    /** Crockford's base32 alphabet. */
    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    /** Length of every id. */
    public static final int LENGTH = 18;
    private static final SecureRandom RANDOM = new SecureRandom();

    private QueueIds() {
    }

    /** A new id for the current time. */
    public static String next() {
        return of(Instant.now().toEpochMilli(), RANDOM.nextLong());
    }

    /** The id for a given time and random value (only its low 40 bits are used). */
    static String of(long epochMillis, long random) {
        if (epochMillis < 0 || epochMillis >= 1L << 50) {
            throw new IllegalArgumentException("time out of range: " + epochMillis);
        }
        char[] id = new char[LENGTH];
        encode(epochMillis, id, 0, 10);
        encode(random & ((1L << 40) - 1), id, 10, 8);
        return new String(id);
    }

    /** Whether {@code text} has the shape of a queue id (it may still name no job). */
    public static boolean isWellFormed(String text) {
        if (text == null || text.length() != LENGTH) {
            return false;
        }
        return text.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0);
    }

    private static void encode(long value, char[] out, int offset, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[offset + i] = ALPHABET.charAt((int) (value & 31));
            value >>>= 5;
        }
    }
}
