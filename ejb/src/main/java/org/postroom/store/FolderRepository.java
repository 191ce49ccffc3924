package org.postroom.store;

import java.util.List;
import java.util.Optional;

/** A user's folders: the rows that carry a mailbox's name, UIDVALIDITY, UID counter and modification sequence. */
public interface FolderRepository {

    /** The user's folders, ordered by name. */
    List<Folder> folders(Account account);

    Optional<Folder> folder(Account account, String name);

    /**
     * STATUS of the folder of this name of the account with this login address, read in one statement (the counts
     * are on the folder row, ADR 0075); empty when either does not exist or the folder is \\Noselect.
     */
    Optional<FolderStatus> status(String accountAddress, String name);

    /** A folder by id; empty when it no longer exists. */
    Optional<Folder> folder(long folderId);

    Folder addFolder(Folder folder);

    /**
     * The folder row, re-read and locked for the rest of the transaction: every change to a folder or its messages
     * (modification sequence, UIDs, recency mark) starts here, so changes to one folder are serialized. Several
     * folders are locked in id order (ADR 0022).
     */
    Folder lock(Folder folder);

    /**
     * The folder with its row locked for the rest of the transaction, in one statement, found by the account's id and
     * the name: for delivery, which appends to it with {@link MessageRepository#appendLockedRow}. Lock it as late in
     * the transaction as possible: concurrent appends wait for it.
     */
    Optional<Folder> lockFolder(long accountId, String name);

    /** Deletes a folder that holds no messages, with its expunge log. */
    void removeFolder(Folder folder);
}
