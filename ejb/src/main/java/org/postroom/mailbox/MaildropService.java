package org.postroom.mailbox;

import jakarta.ejb.EJB;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.postroom.connector.api.AuthenticatedUser;
import org.postroom.connector.api.AuthenticationResult;
import org.postroom.connector.api.Credentials;
import org.postroom.connector.api.MaildropListener;
import org.postroom.connector.api.Pop3MaildropEntry;
import org.postroom.connector.api.Pop3MaildropInUseException;
import org.postroom.service.UserAuthenticationService;
import org.postroom.messaging.MailboxChangeNotifier;
import org.postroom.store.Account;
import org.postroom.store.AccountRepository;
import org.postroom.store.Folder;
import org.postroom.store.FolderRepository;
import org.postroom.store.MessageRepository;

/**
 * A user's INBOX seen as a POP3 maildrop (RFC 1939), as the listener the engine calls (ADR 0030): a locked snapshot,
 * message content, and the removal of deleted messages at the end of the session. Removal is the same as an IMAP
 * EXPUNGE: the messages are gone from every client and quota usage drops. The message-driven beans
 * ({@code org.postroom.pop3.Pop3Endpoint}, {@code Pop3sEndpoint}) are this class with an activation spec; each call
 * is one container transaction, reads none. A maildrop key is the message's row id. The injected fields are
 * protected so that a test can run the same class outside the container.
 */
public class MaildropService implements MaildropListener {

    private static final Logger LOG = Logger.getLogger(MaildropService.class.getName());
    static final String INBOX = "INBOX";

    @EJB
    protected UserAuthenticationService authentication;

    @Inject
    protected AccountRepository accounts;

    @Inject
    protected FolderRepository folders;

    @Inject
    protected MessageRepository messages;

    @EJB
    protected MaildropLocks locks;

    @Inject
    protected MailboxChangeNotifier notifier;

    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public AuthenticationResult authenticate(InetSocketAddress clientAddress, boolean tls, Credentials credentials) {
        return authentication.authenticate(credentials.username(), credentials.password());
    }

    /**
     * Locks the maildrop and lists it, oldest first. The lock is held until {@link #close}; if listing fails it is
     * released here.
     */
    @Override
    public List<Pop3MaildropEntry> open(AuthenticatedUser user) throws Pop3MaildropInUseException {
        String name = user.name();
        if (!locks.tryLock(name)) {
            throw new Pop3MaildropInUseException(name);
        }
        try {
            return inbox(name).map(inbox -> messages.rows(inbox, 1, Long.MAX_VALUE).stream()
                    .map(m -> new Pop3MaildropEntry(Long.toString(m.id()), m.size(),
                            inbox.getUidValidity() + "." + m.uid()))
                    .toList()).orElse(List.of());
        } catch (RuntimeException e) {
            locks.unlock(name);
            throw e;
        }
    }

    /**
     * The stored bytes of these messages of the user's INBOX, by key, in one statement that finds the INBOX too (ADR
     * 0086); messages no longer there are missing. A read: no transaction per RETR.
     */
    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Map<String, byte[]> contents(AuthenticatedUser user, List<String> keys) {
        Map<String, byte[]> result = new HashMap<>();
        messages.contents(user.name(), INBOX, keys.stream().map(MaildropService::messageId).toList())
                .forEach((id, data) -> result.put(Long.toString(id), data));
        return result;
    }

    /**
     * Removes the messages the session deleted, in this transaction. Messages another client removed meanwhile are
     * simply not found.
     */
    @Override
    public void commit(AuthenticatedUser user, List<String> deletedKeys) {
        if (deletedKeys.isEmpty()) {
            return;
        }
        List<Long> messageIds = deletedKeys.stream().map(MaildropService::messageId).toList();
        int removed = inbox(user.name()).map(inbox -> {
            int n = messages.remove(inbox, messageIds);
            if (n > 0) {
                notifier.changed(inbox); // IMAP sessions see the removal after the commit
            }
            return n;
        }).orElse(0);
        LOG.fine(() -> "POP3 " + user.name() + ": removed " + removed + " of " + messageIds.size()
                + " deleted messages");
    }

    /** Releases the lock {@link #open} took. */
    @Override
    public void close(AuthenticatedUser user) {
        locks.unlock(user.name());
    }

    private Optional<Folder> inbox(String user) {
        Optional<Account> account = accounts.find(user);
        return account.flatMap(a -> folders.folder(a, INBOX));
    }

    private static long messageId(String key) {
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a maildrop key: " + key, e);
        }
    }
}
