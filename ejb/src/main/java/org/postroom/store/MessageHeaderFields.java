package org.postroom.store;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.postroom.domain.HeaderFields;

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

    protected MessageHeaderFields() {
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
