package org.postroom.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** A user's folders and the messages in them. */
public interface MailboxRepository {

    /** The user's folders, ordered by name. */
    List<Folder> folders(Account account);

    Optional<Folder> folder(Account account, String name);

    Folder addFolder(Folder folder);

    /** Stores raw message bytes once; deliveries then reference the returned content. */
    MessageContent storeContent(byte[] data);

    /**
     * The folder with its row locked for the rest of the transaction, in one statement: for a caller that appends to
     * it with {@link #appendLocked}. Lock it as late in the transaction as possible: concurrent appends wait for it.
     */
    Optional<Folder> lockFolder(Account account, String name);

    /**
     * Appends a message to a folder, allocating the folder's next UID (never reused). The folder row is locked for
     * the rest of the transaction so concurrent appends get distinct, increasing UIDs.
     */
    MailMessage append(Folder folder, MessageContent content, Instant internalDate, int systemFlags);

    /**
     * {@link #append} to a folder this transaction has locked already ({@link #lockFolder}) or has just created:
     * allocates the UID without reading the folder again.
     */
    MailMessage appendLocked(Folder lockedFolder, MessageContent content, Instant internalDate, int systemFlags);

    /** Number of messages per folder id, for the folders of one user that hold any. */
    java.util.Map<Long, Long> messageCounts(Account account);

    /** The messages of a folder, ordered by UID. */
    List<MailMessage> messages(Folder folder);

    /**
     * The stored bytes of these messages of the folder, by message id, in one query; ids of messages in other
     * folders or no longer existing are missing from the result.
     */
    java.util.Map<Long, byte[]> contents(Folder folder, Collection<Long> messageIds);

    /** A message of this folder by its id; empty when it is in another folder or no longer exists. */
    Optional<MailMessage> message(Folder folder, long messageId);

    /**
     * Removes these messages from the folder for good (POP3 UPDATE, IMAP EXPUNGE); ids of messages in other folders
     * are ignored. Content nothing else refers to is deleted with them; quota usage drops accordingly.
     *
     * @return how many messages were removed
     */
    int remove(Folder folder, Collection<Long> messageIds);
}
