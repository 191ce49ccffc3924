package org.postroom.mailbox;

import org.postroom.connector.api.imap.MailboxKey;

import java.util.Objects;
import java.util.function.Consumer;

import org.postroom.connector.api.imap.MailboxSessionListener;

/**
 * The IMAP mail store over the repositories, as the parts callers ask for: {@link FolderOperations} (LIST, CREATE,
 * DELETE, RENAME, SUBSCRIBE, STATUS), {@link SelectedFolderReads} (SELECT, changes, FETCH), {@link MessageMutations}
 * (STORE, COPY, MOVE, EXPUNGE, APPEND within the quota) and {@link MailboxSearch}. Together they answer what
 * {@link MailboxSessionListener} asks, user by user, without any container dependency, so that they are tested on a
 * real database (ADR 0016, ADR 0034). Every method runs in the caller's transaction.
 */
public record ImapMailStore(FolderOperations folders, SelectedFolderReads reads, MessageMutations mutations,
        MailboxSearch search) {

    /**
     * @param analysis computes and stores an appended content's envelope and structure
     * @param changed called with the key of each mailbox this transaction changed; publish after the commit only
     * @param views the process's cache of selected folders (one per process, shared by every call: ADR 0021)
     */
    public static ImapMailStore over(MailStoreRepositories repositories, MessageMutations.ContentAnalysis analysis,
            Consumer<MailboxKey> changed, FolderViews views) {
        return over(repositories, analysis, changed, views, FolderOperations.DEFAULT_MAX_FOLDERS);
    }

    /** @param maxFolders the most folders one user may have ({@code POSTROOM_MAX_FOLDERS}) */
    public static ImapMailStore over(MailStoreRepositories repositories, MessageMutations.ContentAnalysis analysis,
            Consumer<MailboxKey> changed, FolderViews views, int maxFolders) {
        Objects.requireNonNull(views, "views");
        MailboxLookup lookup = new MailboxLookup(repositories);
        MessageMutations mutations = new MessageMutations(repositories, lookup, analysis, changed);
        return new ImapMailStore(new FolderOperations(repositories, lookup, mutations, changed, maxFolders),
                new SelectedFolderReads(repositories, lookup, views), mutations,
                new MailboxSearch(repositories, lookup));
    }
}
