package org.postroom.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.postroom.model.search.HeaderSearchText;

/**
 * The message rows of folders: appends, reads of rows by UID or modification sequence, flag changes, copies and
 * removals. Every change is made under the folder's lock ({@link FolderRepository#lock}).
 */
public interface MessageRepository {

    /**
     * Appends a message to a folder (IMAP APPEND), locking the folder row for the rest of the transaction, allocating
     * its next UID (never reused) and stamping the message with its next modification sequence.
     */
    MailMessage append(Folder folder, MessageContent content, Instant internalDate, int systemFlags);

    /**
     * The delivery path (ADR 0019): allocates the UID and the modification sequence on a folder this transaction has
     * locked ({@link FolderRepository#lockFolder}) or just created (written with it when the transaction commits) and
     * inserts the message row with one plain statement at once. The content must be in the database already (stored
     * by an earlier transaction).
     *
     * @return the new message's id
     */
    long appendLockedRow(Folder lockedFolder, long contentId, long size, Instant internalDate);

    /**
     * Adds a message to {@code target} that shares the content of {@code source} (COPY: content is stored once), with
     * its flags and internal date, a new UID and the target's next modification sequence. Lock the target first.
     */
    MailMessage copy(Folder target, MessageRow source);

    /**
     * Removes these messages from the folder for good (POP3 UPDATE, IMAP EXPUNGE); ids of messages in other folders
     * are ignored. Quota usage drops at once; content nothing refers to any more is deleted later by
     * {@link ContentRepository#purgeUnreferencedContent}. The folder row is locked, its modification sequence advanced
     * once, and the removed UIDs logged with it so IMAP sessions learn of the removal ({@link #expungedSince}).
     *
     * @return how many messages were removed
     */
    int remove(Folder folder, Collection<Long> messageIds);

    /** The rows of the folder's messages with {@code firstUid <= uid <= lastUid}, ascending UID, in one query. */
    List<MessageRow> rows(Folder folder, long firstUid, long lastUid);

    /**
     * As {@link #rows}, each with its content's ENVELOPE in the form IMAP sends it as stored at delivery (ADR 0076),
     * in the same one query: FETCH (FLAGS ENVELOPE) of a whole mailbox reads no structure and makes no round trip per
     * message.
     */
    List<EnvelopedRow> rowsWithEnvelopes(Folder folder, long firstUid, long lastUid);

    /** A row of {@link #rowsWithEnvelopes}: {@code envelope} is null when none is stored for the content. */
    record EnvelopedRow(MessageRow row, byte[] envelope) {
    }

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

    /**
     * The stored bytes of these messages of the folder with this name of the account with this login address, by
     * message id, in one query per 32 ids that finds the folder too (POP3's read-ahead, which knows messages by id);
     * ids of messages in other folders or no longer existing are missing from the result.
     */
    Map<Long, byte[]> contents(String accountAddress, String folderName, Collection<Long> messageIds);

    /**
     * The counts of a folder computed from its messages in one query (a check of the counts the folder row keeps,
     * ADR 0075; STATUS reads those): its messages, those with {@code UID >= firstRecentUid}, and those
     * without {@code \Seen}.
     */
    FolderCounts counts(Folder folder, long firstRecentUid);

    /**
     * How many of the folder's messages have a UID at or above {@code firstUid}, in one query over the (folder, UID)
     * index that reads only those.
     */
    long countFrom(Folder folder, long firstUid);

    /** What {@link #counts} returns. */
    record FolderCounts(long messages, long recent, long unseen) {
    }

    /** Number of messages per folder id, for the folders of one user that hold any. */
    Map<Long, Long> messageCounts(Account account);

    /**
     * The messages that may satisfy {@code criteria}: the store evaluates what it indexes in the query.
     * {@link SearchCandidates#exact()} says whether the rows are exactly the matches; otherwise the caller evaluates
     * its search on each row.
     */
    SearchCandidates searchCandidates(Folder folder, MessageCriteria criteria);

    /**
     * Rows from {@link #searchCandidates}; {@code exact} when no further evaluation is needed. {@code texts}, when the
     * criteria named a {@link MessageCriteria.HeaderText}, holds each row's stored search texts of the fields named
     * (the others null; null for a row without texts), else it is null.
     */
    record SearchCandidates(List<MessageRow> rows, List<HeaderSearchText> texts, boolean exact) {
    }
}
