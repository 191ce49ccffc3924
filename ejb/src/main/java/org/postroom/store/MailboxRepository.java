package org.postroom.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.postroom.connector.api.imap.SearchKey;

/** A user's folders and the messages in them. */
public interface MailboxRepository {

    /** The user's folders, ordered by name. */
    List<Folder> folders(Account account);

    Optional<Folder> folder(Account account, String name);

    Folder addFolder(Folder folder);

    /** Stores raw message bytes once; deliveries then reference the returned content. */
    MessageContent storeContent(byte[] data);

    /**
     * Stores raw message bytes once with one plain statement (the SMTP acceptance path, ADR 0019), in the caller's
     * transaction, and returns the new content's id; it then reads like content stored by {@link #storeContent}.
     */
    long storeContentRow(byte[] data, Instant createdAt);

    /** A reference to a stored content by id, to point an entity at it without reading it. */
    MessageContent contentReference(long contentId);

    /**
     * The folder with its row locked for the rest of the transaction, in one statement: for a caller that appends to
     * it with {@link #appendLocked}. Lock it as late in the transaction as possible: concurrent appends wait for it.
     */
    Optional<Folder> lockFolder(Account account, String name);

    /** {@link #lockFolder(Account, String)} by the account's id. */
    Optional<Folder> lockFolder(long accountId, String name);

    /**
     * Appends a message to a folder, allocating the folder's next UID (never reused) and stamping it with the folder's
     * next modification sequence. The folder row is locked for the rest of the transaction so concurrent appends get
     * distinct, increasing UIDs.
     */
    MailMessage append(Folder folder, MessageContent content, Instant internalDate, int systemFlags);

    /**
     * {@link #append} to a folder this transaction has locked already ({@link #lockFolder}) or has just created:
     * allocates the UID without reading the folder again.
     */
    MailMessage appendLocked(Folder lockedFolder, MessageContent content, Instant internalDate, int systemFlags);

    /**
     * {@link #appendLocked} for the delivery path (ADR 0019): allocates the UID and the modification sequence on the
     * locked folder (written with it when the transaction commits) and inserts the message row with one plain
     * statement at once. The content must be in the database already (stored by an earlier transaction).
     *
     * @return the new message's id
     */
    long appendLockedRow(Folder lockedFolder, long contentId, long size, Instant internalDate);

    /** Number of messages per folder id, for the folders of one user that hold any. */
    java.util.Map<Long, Long> messageCounts(Account account);

    /** The messages of a folder, ordered by UID. */
    List<MailMessage> messages(Folder folder);

    /**
     * The stored bytes of these messages of the folder, by message id, in one query; ids of messages in other
     * folders or no longer existing are missing from the result.
     */
    java.util.Map<Long, byte[]> contents(Folder folder, Collection<Long> messageIds);

    /**
     * The stored octets of these contents ({@link MessageRow#contentId()}), by content id, read by primary key without
     * joining the messages, one query per chunk of ids, as a projection (no entities: the content entity's bytes would
     * be loaded lazily, one query each). For FETCH BODY[], SEARCH and delivery (ADR 0019); ids that do not exist, or
     * contents deleted meanwhile, are left out.
     */
    java.util.Map<Long, byte[]> contentsById(Collection<Long> contentIds);

    /**
     * STATUS counts of a folder in one query: its messages, those with {@code UID >= firstRecentUid}, and those
     * without {@code \Seen}.
     */
    FolderCounts counts(Folder folder, long firstRecentUid);

    /**
     * The header values of these contents' stored envelopes ({@code PR_ENVELOPE}: the first occurrence of each field,
     * unfolded and trimmed, not decoded, cut at {@link EnvelopeHeaders#WHOLE} characters), by content id; contents
     * without an envelope row are left out.
     */
    java.util.Map<Long, EnvelopeHeaders> envelopeHeaders(Collection<Long> contentIds);

    /** What {@link #envelopeHeaders} returns; a field is {@code null} when the header has none. */
    record EnvelopeHeaders(String from, String to, String cc, String bcc, String subject) {

        /** Values at least this long may have been cut when stored. */
        public static final int WHOLE = MessageEnvelope.TEXT - 3;

        /** The stored value of one of {@code from, to, cc, bcc, subject} (any case). */
        public String field(String name) {
            return switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "from" -> from;
                case "to" -> to;
                case "cc" -> cc;
                case "bcc" -> bcc;
                case "subject" -> subject;
                default -> throw new IllegalArgumentException("not an envelope header: " + name);
            };
        }
    }

    /** What {@link #counts} returns. */
    record FolderCounts(long messages, long recent, long unseen) {
    }

    /** A message of this folder by its id; empty when it is in another folder or no longer exists. */
    Optional<MailMessage> message(Folder folder, long messageId);

    /**
     * Removes these messages from the folder for good (POP3 UPDATE, IMAP EXPUNGE); ids of messages in other folders
     * are ignored. Quota usage drops at once; content nothing refers to any more is deleted later by
     * {@link #purgeUnreferencedContent}. The folder row
     * is locked, its modification sequence advanced once, and the removed UIDs logged with it so IMAP sessions learn
     * of the removal ({@link #expungedSince}).
     *
     * @return how many messages were removed
     */
    int remove(Folder folder, Collection<Long> messageIds);

    /**
     * Deletes up to {@code limit} contents that no message and no queue job refers to any more, with their envelope
     * and structure; the background sweep calls it in its own transaction.
     *
     * @return how many were deleted (less than {@code limit}: none are left)
     */
    int purgeUnreferencedContent(int limit);

    // ---- IMAP (ADR 0016)

    /** A folder by id; empty when it no longer exists. */
    Optional<Folder> folder(long folderId);

    /**
     * The folder row, re-read and locked for the rest of the transaction: every change to a folder or its messages
     * (modification sequence, UIDs, recency mark) starts here, so changes to one folder are serialized.
     */
    Folder lock(Folder folder);

    /** Deletes a folder that holds no messages, with its expunge log. */
    void removeFolder(Folder folder);

    /** The rows of the folder's messages with {@code firstUid <= uid <= lastUid}, ascending UID, in one query. */
    List<MessageRow> rows(Folder folder, long firstUid, long lastUid);

    /** The rows of the folder's messages changed or added after {@code modSeq}, ascending UID, in one query. */
    List<MessageRow> rowsChangedSince(Folder folder, long modSeq);

    /**
     * The rows of the folder's messages that have this system flag ({@link MailMessage#DELETED} for EXPUNGE),
     * ascending UID, in one query that does not return the others.
     */
    List<MessageRow> rowsWithFlag(Folder folder, int flagBit);

    /** The UIDs removed from the folder after {@code modSeq}, ascending. */
    List<Long> expungedSince(Folder folder, long modSeq);

    /** The folder's messages with {@code firstUid <= uid <= lastUid} as entities (to change them), ascending UID. */
    List<MailMessage> messages(Folder folder, long firstUid, long lastUid);

    /** The stored bytes of the folder's message with this UID; empty when there is none. */
    Optional<byte[]> content(Folder folder, long uid);

    /**
     * Adds a message to {@code target} that shares the content of {@code source} (COPY: content is stored once), with
     * its flags and internal date, a new UID and the target's next modification sequence. Lock the target first.
     */
    MailMessage copy(Folder target, MessageRow source);

    /**
     * The messages that may satisfy {@code program}: the keys the store has indexed are evaluated in the query.
     * {@link SearchCandidates#exact()} says whether the rows are exactly the matches; otherwise the caller evaluates
     * the program on each row.
     */
    SearchCandidates searchCandidates(Folder folder, SearchKey program);

    /** Rows from {@link #searchCandidates}; {@code exact} when no further evaluation is needed. */
    record SearchCandidates(List<MessageRow> rows, boolean exact) {
    }

    /** The IMAP subscriptions of the account: subscribed folders and subscribed names without a folder. */
    Set<String> subscriptions(Account account);

    /** Subscribes to or unsubscribes from a name, whether or not a folder of that name exists. */
    void subscribe(Account account, String name, boolean subscribed);
}
