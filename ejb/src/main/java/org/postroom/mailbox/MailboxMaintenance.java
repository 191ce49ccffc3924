package org.postroom.mailbox;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.postroom.store.MailboxRepository;

/** Background work on the mail store, each call in its own transaction. */
@Stateless
public class MailboxMaintenance {

    @Inject
    MailboxRepository mailboxes;

    /** One batch of {@link MailboxRepository#purgeUnreferencedContent}. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int purgeUnreferencedContent(int limit) {
        return mailboxes.purgeUnreferencedContent(limit);
    }
}
