package org.postroom.mailbox;

import org.postroom.store.AccountRepository;
import org.postroom.store.ContentRepository;
import org.postroom.store.FolderRepository;
import org.postroom.store.MessageRepository;
import org.postroom.store.SettingRepository;
import org.postroom.store.StructureRepository;
import org.postroom.store.SubscriptionRepository;

/** The repositories the IMAP mail store works on, one per aggregate, all in the caller's transaction. */
public record MailStoreRepositories(AccountRepository accounts, FolderRepository folders, MessageRepository messages,
        ContentRepository contents, SubscriptionRepository subscriptions, StructureRepository structures,
        SettingRepository settings) {

    /** The same repositories with another structure repository (reads that store structures on their own). */
    public MailStoreRepositories withStructures(StructureRepository other) {
        return new MailStoreRepositories(accounts, folders, messages, contents, subscriptions, other, settings);
    }
}
