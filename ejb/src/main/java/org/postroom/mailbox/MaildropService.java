package org.postroom.mailbox;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.postroom.messaging.MailboxChangeNotifier;
import org.postroom.store.Account;
import org.postroom.store.AccountRepository;
import org.postroom.store.Folder;
import org.postroom.store.FolderRepository;
import org.postroom.store.MessageRepository;

/**
 * A user's INBOX seen as a POP3 maildrop (RFC 1939): a locked snapshot, message content, and the removal of deleted
 * messages at the end of the session. Removal is the same as an IMAP EXPUNGE: the messages are gone from every
 * client and quota usage drops.
 */
@Stateless
public class MaildropService {

    private static final Logger LOG = Logger.getLogger(MaildropService.class.getName());
    static final String INBOX = "INBOX";

    @Inject
    AccountRepository accounts;

    @Inject
    FolderRepository folders;

    @Inject
    MessageRepository messages;

    @EJB
    MaildropLocks locks;

    @Inject
    MailboxChangeNotifier notifier;

    /** Thrown when another session holds the maildrop. */
    public static final class InUseException extends Exception {
        private static final long serialVersionUID = 1L;

        InUseException(String user) {
            super("maildrop of " + user + " is locked by another session");
        }
    }

    /**
     * Locks the maildrop and lists it, oldest first. The lock is held until {@link #close}; if listing fails it is
     * released here.
     */
    public List<MaildropMessage> open(String user) throws InUseException {
        if (!locks.tryLock(user)) {
            throw new InUseException(user);
        }
        try {
            return inbox(user).map(inbox -> messages.rows(inbox, 1, Long.MAX_VALUE).stream()
                    .map(m -> new MaildropMessage(m.id(), m.size(), inbox.getUidValidity() + "." + m.uid()))
                    .toList()).orElse(List.of());
        } catch (RuntimeException e) {
            locks.unlock(user);
            throw e;
        }
    }

    /**
     * The stored bytes of these messages of the user's INBOX, by message id, in one query; messages no longer there
     * are missing. Read-only: runs in the caller's transaction if there is one, else without.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Map<Long, byte[]> contents(String user, Collection<Long> messageIds) {
        return inbox(user).map(inbox -> messages.contents(inbox, messageIds)).orElse(Map.of());
    }

    /**
     * Removes the messages the session deleted, in this transaction. Messages another client removed meanwhile are
     * simply not found.
     *
     * @return how many were removed
     */
    public int removeDeleted(String user, Collection<Long> messageIds) {
        if (messageIds.isEmpty()) {
            return 0;
        }
        int removed = inbox(user).map(inbox -> {
            int n = messages.remove(inbox, messageIds);
            if (n > 0) {
                notifier.changed(inbox); // IMAP sessions see the removal after the commit
            }
            return n;
        }).orElse(0);
        LOG.fine(() -> "POP3 " + user + ": removed " + removed + " of " + messageIds.size() + " deleted messages");
        return removed;
    }

    /** Releases the lock {@link #open} took. */
    public void close(String user) {
        locks.unlock(user);
    }

    private Optional<Folder> inbox(String user) {
        Optional<Account> account = accounts.find(user);
        return account.flatMap(a -> folders.folder(a, INBOX));
    }
}
