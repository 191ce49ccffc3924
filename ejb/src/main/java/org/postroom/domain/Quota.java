package org.postroom.domain;

import java.util.Objects;

/**
 * The limits of a mailbox: total bytes and number of messages, each absent (null) for no limit. They are the STORAGE
 * and MESSAGE resources of IMAP QUOTA (RFC 9208 section 5), with storage in bytes.
 *
 * <p>The rule ({@link #admits(QuotaUsage, long)}): a new message is admitted if, once it is added, no limit is
 * exceeded; reaching a limit exactly is allowed. A limit of 0 admits nothing (except, for bytes, an empty message).
 *
 * @param maxBytes the most bytes the mailbox may hold, or null for no limit; not negative when present
 * @param maxMessages the most messages the mailbox may hold, or null for no limit; not negative when present
 */
public record Quota(Long maxBytes, Long maxMessages) {

    private static final Quota UNLIMITED = new Quota(null, null);

    /**
     * @throws IllegalArgumentException if a present limit is negative
     */
    public Quota {
        if (maxBytes != null && maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative, was " + maxBytes);
        }
        if (maxMessages != null && maxMessages < 0) {
            throw new IllegalArgumentException("maxMessages must not be negative, was " + maxMessages);
        }
    }

    /** Returns a quota without limits. */
    public static Quota unlimited() {
        return UNLIMITED;
    }

    /** Whether neither limit is set (then no usage needs to be known to admit a message). */
    public boolean isUnlimited() {
        return maxBytes == null && maxMessages == null;
    }

    /**
     * Whether one more message of {@code additionalBytes} fits: {@code usage.bytes + additionalBytes <= maxBytes}
     * and {@code usage.messages + 1 <= maxMessages}, for the limits that are present. Computed without overflow.
     *
     * @param usage what the mailbox holds now
     * @param additionalBytes the size of the new message
     * @return true if the message fits
     * @throws IllegalArgumentException if {@code additionalBytes} is negative
     */
    public boolean admits(QuotaUsage usage, long additionalBytes) {
        Objects.requireNonNull(usage, "usage");
        if (additionalBytes < 0) {
            throw new IllegalArgumentException("additionalBytes must not be negative, was " + additionalBytes);
        }
        boolean bytesFit = maxBytes == null || additionalBytes <= maxBytes - usage.bytes();
        boolean messagesFit = maxMessages == null || usage.messages() < maxMessages;
        return bytesFit && messagesFit;
    }
}
