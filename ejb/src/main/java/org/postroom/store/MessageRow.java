package org.postroom.store;

import java.time.Instant;

/**
 * What IMAP reads of one message without loading the entity or its content: one row of a projection query, so that
 * FETCH, SEARCH and change tracking over a large folder are one query each.
 *
 * @param systemFlags {@link MailMessage} flag bits
 * @param keywords space-separated IMAP keywords, or null
 */
public record MessageRow(long id, long uid, int systemFlags, String keywords, Instant internalDate, long size,
        long contentId, long modSeq, long createdModSeq) {
}
