package org.postroom.store.db;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.EntityManager;

import org.postroom.store.Folder;
import org.postroom.store.MailMessage;
import org.postroom.store.MessageRow;

/** The mailbox repositories of one entity manager, for tests that set up folders, messages and content together. */
final class Repos {

    final JpaFolderRepository folders;
    final JpaMessageRepository messages;
    final JpaContentRepository contents;
    final JpaSubscriptionRepository subscriptions;

    private Repos(EntityManager em) {
        folders = new JpaFolderRepository(em);
        messages = new JpaMessageRepository(em);
        contents = new JpaContentRepository(em);
        subscriptions = new JpaSubscriptionRepository(em);
    }

    static Repos of(EntityManager em) {
        return new Repos(em);
    }

    /** Every message of the folder, ascending UID. */
    List<MailMessage> all(Folder folder) {
        return messages.messages(folder, 1, Long.MAX_VALUE);
    }

    /** A message of this folder by id; empty when it is in another folder or no longer exists. */
    Optional<MailMessage> message(Folder folder, long id) {
        return all(folder).stream().filter(m -> m.getId() == id).findFirst();
    }

    /** The stored bytes of the folder's message with this UID, as FETCH reads them. */
    Optional<byte[]> content(Folder folder, long uid) {
        List<MessageRow> row = messages.rows(folder, uid, uid);
        return row.isEmpty()
                ? Optional.empty()
                : Optional
                        .ofNullable(contents.contentsById(List.of(row.get(0).contentId())).get(row.get(0).contentId()));
    }
}
