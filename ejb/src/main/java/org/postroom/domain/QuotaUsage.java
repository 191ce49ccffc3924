package org.postroom.domain;

/**
 * What a mailbox holds now, counted against its {@link Quota}: the STORAGE and MESSAGE resources of IMAP QUOTA
 * (RFC 9208 section 5), with storage in bytes rather than the kibibytes IMAP reports.
 *
 * @param bytes the total size of the stored messages; not negative
 * @param messages the number of stored messages; not negative
 */
public record QuotaUsage(long bytes, long messages) {

    /**
     * @throws IllegalArgumentException if either count is negative
     */
    public QuotaUsage {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative, was " + bytes);
        }
        if (messages < 0) {
            throw new IllegalArgumentException("messages must not be negative, was " + messages);
        }
    }
}
