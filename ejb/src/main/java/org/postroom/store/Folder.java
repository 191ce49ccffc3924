package org.postroom.store;

import org.postroom.connector.api.imap.MailboxKey;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import jakarta.persistence.Version;

/**
 * A folder of a user's mailbox (an IMAP mailbox). {@code uidNext} is the per-folder UID counter: UIDs are allocated
 * by incrementing it under the row's optimistic lock and are never reused; {@code uidValidity} changes only if the
 * folder is recreated (RFC 3501 §2.3.1.1).
 */
@Entity
@Table(name = "PR_FOLDER", uniqueConstraints = @UniqueConstraint(columnNames = {"ACCOUNT_ID", "NAME"}))
public class Folder {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = Ids.GENERATOR)
    private Long id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "ACCOUNT_ID", nullable = false)
    private Account account;

    /** Full hierarchical name, '/' separated, INBOX always upper case. */
    @Column(name = "NAME", nullable = false, length = 512)
    private String name;

    /** RFC 6154 attribute such as {@code \Sent}, or null. */
    @Column(name = "SPECIAL_USE", length = 32)
    private String specialUse;

    @Column(name = "UID_VALIDITY", nullable = false)
    private long uidValidity;

    @Column(name = "UID_NEXT", nullable = false)
    private long uidNext;

    @Column(name = "SUBSCRIBED", nullable = false)
    private boolean subscribed;

    /** The modification sequence of the last change in the folder (ADR 0016); bumped under the row lock. */
    @Column(name = "HIGHEST_MODSEQ", nullable = false)
    private long highestModSeq = 1;

    /** Messages with a UID at or above this were seen by no IMAP session yet (\Recent); SELECT claims them. */
    @Column(name = "FIRST_RECENT_UID", nullable = false)
    private long firstRecentUid = 1;

    /** A folder kept only as the parent of others (RFC 3501 \Noselect): it holds no messages. */
    @Column(name = "NOSELECT", nullable = false)
    private boolean noselect;

    /**
     * STATUS counts (ADR 0075): the folder's messages, those without \Seen, and those with a UID at or above
     * {@link #firstRecentUid}. Changed only with the row locked, in the transaction that changes the messages, by
     * {@link #counted} and {@link #claimRecentBelow}, so they are exact whenever the row is read.
     */
    @Column(name = "MESSAGE_COUNT", nullable = false)
    private long messageCount;

    @Column(name = "UNSEEN_COUNT", nullable = false)
    private long unseenCount;

    @Column(name = "RECENT_COUNT", nullable = false)
    private long recentCount;

    /**
     * The sum of the folder's message sizes, kept like the counts above, so that a quota check reads one row per
     * folder instead of every message of the account (ADR 0088).
     */
    @Column(name = "BYTES_USED", nullable = false)
    private long bytesUsed;

    @Version
    @Column(name = "VERSION")
    private long version;

    protected Folder() {
    }

    public Folder(Account account, String name, String specialUse, long uidValidity) {
        this.account = account;
        this.name = name;
        this.specialUse = specialUse;
        this.uidValidity = uidValidity;
        this.uidNext = 1;
        this.subscribed = true;
    }

    public Long getId() {
        return id;
    }

    public Account getAccount() {
        return account;
    }

    public String getName() {
        return name;
    }

    public String getSpecialUse() {
        return specialUse;
    }

    public long getUidValidity() {
        return uidValidity;
    }

    public long getUidNext() {
        return uidNext;
    }

    public boolean isSubscribed() {
        return subscribed;
    }

    public long getHighestModSeq() {
        return highestModSeq;
    }

    public long getFirstRecentUid() {
        return firstRecentUid;
    }

    public boolean isNoselect() {
        return noselect;
    }

    public void setNoselect(boolean noselect) {
        this.noselect = noselect;
    }

    public void setSubscribed(boolean subscribed) {
        this.subscribed = subscribed;
    }

    /** Renames the folder (RENAME); its UIDs and UIDVALIDITY stay. */
    public void setName(String name) {
        this.name = name;
    }

    /** Advances the folder's modification sequence for a change; call with the row locked. */
    public long nextModSeq() {
        return ++highestModSeq;
    }

    /**
     * Marks the messages with a UID below {@code uidBound} as seen by a session (\Recent claimed); call with the row
     * locked.
     *
     * @param stillRecent how many messages have a UID at or above {@code uidBound} (none when it is the UID counter)
     * @return the previous mark: messages with a UID at or above it (and below the bound) are recent for the claiming
     *         session
     */
    public long claimRecentBelow(long uidBound, long stillRecent) {
        long previous = firstRecentUid;
        if (uidBound > previous) {
            firstRecentUid = uidBound;
            recentCount = stillRecent;
        }
        return previous;
    }

    /** The messages in the folder (STATUS MESSAGES). */
    public long getMessageCount() {
        return messageCount;
    }

    /** The messages without \Seen (STATUS UNSEEN). */
    public long getUnseenCount() {
        return unseenCount;
    }

    /** The messages with a UID at or above {@link #getFirstRecentUid()} (STATUS RECENT). */
    public long getRecentCount() {
        return recentCount;
    }

    /** The sum of the sizes of the folder's messages, in bytes (quota usage). */
    public long getBytesUsed() {
        return bytesUsed;
    }

    /**
     * Counts a message added to ({@code delta} 1) or removed from ({@code delta} -1) the folder; call with the row
     * locked, in the transaction that adds or removes it.
     *
     * @param systemFlags the message's {@link MailMessage} flag bits
     * @param size the message's size in bytes
     */
    public void counted(long uid, int systemFlags, long size, int delta) {
        messageCount += delta;
        bytesUsed += delta * size;
        if ((systemFlags & MailMessage.SEEN) == 0) {
            unseenCount += delta;
        }
        if (uid >= firstRecentUid) {
            recentCount += delta;
        }
    }

    /** Counts a message whose \Seen flag changed; call with the row locked, in the transaction that changes it. */
    public void seenChanged(boolean nowSeen) {
        unseenCount += nowSeen ? -1 : 1;
    }

    /** Allocates the next UID; the caller's transaction must commit for it to count. */
    public long allocateUid() {
        return uidNext++;
    }

    /**
     * The key IMAP sessions hold for this folder (snapshots, mailbox events): its id and UIDVALIDITY. A deleted and
     * recreated folder has another id, so a session holding the old key learns that its mailbox is gone.
     */
    public MailboxKey mailboxKey() {
        return new MailboxKey(getId(), getUidValidity());
    }
}
