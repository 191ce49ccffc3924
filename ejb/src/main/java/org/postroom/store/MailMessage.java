package org.postroom.store;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/**
 * One message in one folder: the metadata IMAP and POP3 serve from (UID, flags, internal date, size) and a reference
 * to the shared {@link MessageContent}.
 */
@Entity
@Table(name = "PR_MESSAGE", uniqueConstraints = @UniqueConstraint(columnNames = {"FOLDER_ID",
        "UID"}), indexes = {@Index(name = "PR_MESSAGE_CONTENT", columnList = "CONTENT_ID"),
                @Index(name = "PR_MESSAGE_FOLDER_MODSEQ", columnList = "FOLDER_ID, MODSEQ"),
                @Index(name = "PR_MESSAGE_FOLDER_FLAGS", columnList = "FOLDER_ID, SYSTEM_FLAGS")})
public class MailMessage {

    /** System flags as bits of {@link #getSystemFlags()}. */
    public static final int SEEN = 1, ANSWERED = 2, FLAGGED = 4, DELETED = 8, DRAFT = 16;
    /** Every system flag bit at once: the largest value {@code systemFlags} takes. */
    public static final int ALL_FLAGS = SEEN | ANSWERED | FLAGGED | DELETED | DRAFT;

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = Ids.GENERATOR)
    private Long id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "FOLDER_ID", nullable = false)
    private Folder folder;

    @Column(name = "UID", nullable = false)
    private long uid;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "CONTENT_ID", nullable = false)
    private MessageContent content;

    @Column(name = "SIZE_BYTES", nullable = false)
    private long size;

    @Column(name = "INTERNAL_DATE", nullable = false)
    private Instant internalDate;

    @Column(name = "SYSTEM_FLAGS", nullable = false)
    private int systemFlags;

    /** The modification sequence of the message's last change (ADR 0016). */
    @Column(name = "MODSEQ", nullable = false)
    private long modSeq = 1;

    /** The modification sequence at which the message was added to its folder. */
    @Column(name = "CREATED_MODSEQ", nullable = false)
    private long createdModSeq = 1;

    /** IMAP keywords, space separated. */
    @Column(name = "KEYWORDS", length = 1024)
    private String keywords;

    protected MailMessage() {
    }

    public MailMessage(Folder folder, long uid, MessageContent content, Instant internalDate, int systemFlags) {
        this.folder = folder;
        this.uid = uid;
        this.content = content;
        this.size = content.getSize();
        this.internalDate = internalDate;
        this.systemFlags = systemFlags;
    }

    /** A message sharing stored content of known size (COPY, MOVE), with flags and keywords as given. */
    public MailMessage(Folder folder, long uid, MessageContent content, long size, Instant internalDate,
            int systemFlags, String keywords) {
        this.folder = folder;
        this.uid = uid;
        this.content = content;
        this.size = size;
        this.internalDate = internalDate;
        this.systemFlags = systemFlags;
        this.keywords = keywords;
    }

    public Long getId() {
        return id;
    }

    public Folder getFolder() {
        return folder;
    }

    public long getUid() {
        return uid;
    }

    public MessageContent getContent() {
        return content;
    }

    public long getSize() {
        return size;
    }

    public Instant getInternalDate() {
        return internalDate;
    }

    public int getSystemFlags() {
        return systemFlags;
    }

    public void setSystemFlags(int systemFlags) {
        this.systemFlags = systemFlags;
    }

    public long getModSeq() {
        return modSeq;
    }

    public long getCreatedModSeq() {
        return createdModSeq;
    }

    /** Stamps a change (flags) with the folder's new modification sequence. */
    public void setModSeq(long modSeq) {
        this.modSeq = modSeq;
    }

    /** Stamps the message as added at this modification sequence of its folder. */
    public void added(long modSeq) {
        this.modSeq = modSeq;
        this.createdModSeq = modSeq;
    }

    public String getKeywords() {
        return keywords;
    }

    public void setKeywords(String keywords) {
        this.keywords = keywords;
    }
}
