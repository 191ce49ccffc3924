package org.postroom.connector.api.imap;

/** The STATUS counts of one mailbox (RFC 3501 section 6.3.10); {@code recent} counts messages no session saw yet. */
public record MailboxStatus(long messages, long recent, long uidNext, long uidValidity, long unseen,
        long highestModSeq) {
}
