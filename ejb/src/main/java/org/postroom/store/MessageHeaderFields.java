package org.postroom.store;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.postroom.domain.HeaderFields;
import org.postroom.model.search.HeaderSearchText;

/**
 * The {@link HeaderFields} of one {@link MessageContent}, computed once at delivery and shared by every mailbox the
 * content is delivered to (join on the content id). Texts longer than a column are cut, marked by a trailing "...".
 */
@Entity
@Table(name = "PR_ENVELOPE")
public class MessageHeaderFields {

    static final int TEXT = 4000;
    static final int SHORT = 1024;

    @Id
    @Column(name = "CONTENT_ID")
    private Long contentId;

    @Column(name = "DATE_HDR", length = SHORT)
    private String date;

    @Column(name = "SENT_AT")
    private Instant sentAt;

    @Column(name = "SUBJECT", length = TEXT)
    private String subject;

    @Column(name = "SUBJECT_TEXT", length = TEXT)
    private String subjectText;

    @Column(name = "FROM_HDR", length = TEXT)
    private String from;

    @Column(name = "SENDER_HDR", length = TEXT)
    private String sender;

    @Column(name = "REPLY_TO_HDR", length = TEXT)
    private String replyTo;

    @Column(name = "TO_HDR", length = TEXT)
    private String to;

    @Column(name = "CC_HDR", length = TEXT)
    private String cc;

    @Column(name = "BCC_HDR", length = TEXT)
    private String bcc;

    @Column(name = "IN_REPLY_TO", length = SHORT)
    private String inReplyTo;

    @Column(name = "MESSAGE_ID_HDR", length = SHORT)
    private String messageId;

    /** The IMAP ENVELOPE in the form FETCH sends it (ADR 0076); null for content of earlier builds not backfilled. */
    @Column(name = "IMAP_ENVELOPE")
    private byte[] imapEnvelope;

    /** The header fields as SEARCH matches them ({@link HeaderSearchText}, ADR 0077); null when not stored. */
    @Column(name = "SEARCH_FROM")
    private String searchFrom;

    @Column(name = "SEARCH_TO")
    private String searchTo;

    @Column(name = "SEARCH_CC")
    private String searchCc;

    @Column(name = "SEARCH_BCC")
    private String searchBcc;

    @Column(name = "SEARCH_SUBJECT")
    private String searchSubject;

    protected MessageHeaderFields() {
    }

    /**
     * @param imapEnvelope the ENVELOPE in its IMAP form, or null
     * @param search the texts SEARCH matches, or null (stored as none when one holds a NUL, which PostgreSQL's text
     *            cannot hold: SEARCH then reads the message)
     */
    public MessageHeaderFields(long contentId, HeaderFields e, byte[] imapEnvelope, HeaderSearchText search) {
        this(contentId, e);
        this.imapEnvelope = imapEnvelope;
        if (storable(search)) {
            this.searchFrom = search.from();
            this.searchTo = search.to();
            this.searchCc = search.cc();
            this.searchBcc = search.bcc();
            this.searchSubject = search.subject();
        }
    }

    /** Whether the texts can be stored as they are (no NUL). */
    public static boolean storable(HeaderSearchText search) {
        return search != null && java.util.stream.Stream.of(search.from(), search.to(), search.cc(), search.bcc(),
                search.subject()).noneMatch(t -> t.indexOf('\0') >= 0);
    }

    public byte[] getImapEnvelope() {
        return imapEnvelope;
    }

    /** The stored search texts, or null when there are none. */
    public HeaderSearchText getSearchText() {
        return searchFrom == null
                ? null
                : new HeaderSearchText(searchFrom, searchTo, searchCc, searchBcc, searchSubject);
    }

    public MessageHeaderFields(long contentId, HeaderFields e) {
        this.contentId = contentId;
        this.date = cut(e.date(), SHORT);
        this.sentAt = e.sentAt();
        this.subject = cut(e.subject(), TEXT);
        this.subjectText = cut(e.subjectText(), TEXT);
        this.from = cut(e.from(), TEXT);
        this.sender = cut(e.sender(), TEXT);
        this.replyTo = cut(e.replyTo(), TEXT);
        this.to = cut(e.to(), TEXT);
        this.cc = cut(e.cc(), TEXT);
        this.bcc = cut(e.bcc(), TEXT);
        this.inReplyTo = cut(e.inReplyTo(), SHORT);
        this.messageId = cut(e.messageId(), SHORT);
    }

    public Long getContentId() {
        return contentId;
    }

    public HeaderFields toHeaderFields() {
        return new HeaderFields(date, sentAt, subject, subjectText, from, sender, replyTo, to, cc, bcc, inReplyTo,
                messageId);
    }

    private static String cut(String text, int max) {
        return text == null ? null : QueueJob.truncate(text, max);
    }
}
