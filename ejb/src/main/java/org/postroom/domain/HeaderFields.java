package org.postroom.domain;

import java.time.Instant;

/**
 * The header fields of a message that IMAP's ENVELOPE (RFC 3501 section 7.4.2, RFC 9051 section 7.5.2) and SEARCH
 * need, taken once from the stored content so that later reads never parse it again.
 *
 * <p>Each text is the field's body unfolded (CRLF before white space removed, RFC 5322 section 2.2.3), otherwise as
 * sent, encoded-words included, as ENVELOPE returns it; null when the message has no such field (the first one counts
 * when it has several). {@code sentAt} is the Date field parsed leniently, null when it is missing or unreadable;
 * {@code subjectText} is the Subject with its RFC 2047 encoded-words decoded, for searching.
 */
public record HeaderFields(String date, Instant sentAt, String subject, String subjectText, String from, String sender,
        String replyTo, String to, String cc, String bcc, String inReplyTo, String messageId) {

    private static final HeaderFields EMPTY = new HeaderFields(null, null, null, null, null, null, null, null, null,
            null,
            null, null);

    /** The envelope of a message with none of the fields (or whose header could not be read at all). */
    public static HeaderFields empty() {
        return EMPTY;
    }
}
