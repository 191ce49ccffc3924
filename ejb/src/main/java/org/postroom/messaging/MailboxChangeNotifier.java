package org.postroom.messaging;

import org.postroom.connector.api.imap.MailboxKey;

import java.util.LinkedHashSet;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.postroom.connector.api.imap.MailboxEvents;
import org.postroom.store.Folder;

/**
 * Publishes "this mailbox changed" ({@link MailboxEvents}) for the IMAP sessions that have it selected, once the
 * transaction that changed it committed, never before and never after a rollback (ADR 0016). Each mailbox is published
 * once per transaction however often it changed.
 */
@ApplicationScoped
public class MailboxChangeNotifier {

    /** The key of this bean's per-transaction resource. */
    private static final Object PENDING = new Object();

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry registry;

    public void changed(Folder folder) {
        changed(folder.mailboxKey());
    }

    /** Records a change of the mailbox with this key; published after the commit (at once without a transaction). */
    public void changed(MailboxKey mailboxKey) {
        if (!AfterCommit.add(registry, PENDING, mailboxKey, LinkedHashSet::new,
                keys -> keys.forEach(MailboxEvents::publish))) {
            MailboxEvents.publish(mailboxKey);
        }
    }
}
