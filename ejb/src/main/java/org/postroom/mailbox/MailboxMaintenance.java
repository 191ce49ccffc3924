package org.postroom.mailbox;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.postroom.store.ContentRepository;

/** Background work on the mail store, each call in its own transaction. */
@Stateless
public class MailboxMaintenance {

    @Inject
    ContentRepository contents;

    /** One batch of {@link ContentRepository#purgeUnreferencedContent}. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int purgeUnreferencedContent(int limit) {
        return contents.purgeUnreferencedContent(limit);
    }
}
