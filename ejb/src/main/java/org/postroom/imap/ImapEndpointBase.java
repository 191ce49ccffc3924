package org.postroom.imap;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.ejb.EJB;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import org.postroom.connector.api.AuthenticatedUser;
import org.postroom.connector.api.AuthenticationResult;
import org.postroom.connector.api.Credentials;
import org.postroom.connector.api.imap.FetchedMessage;
import org.postroom.connector.api.imap.AppendResult;
import org.postroom.connector.api.imap.CopyResult;
import org.postroom.connector.api.imap.MailboxChanges;
import org.postroom.connector.api.imap.MailboxException;
import org.postroom.connector.api.imap.MailboxInfo;
import org.postroom.connector.api.imap.MailboxSessionListener;
import org.postroom.connector.api.imap.MailboxSnapshot;
import org.postroom.connector.api.imap.MailboxStatus;
import org.postroom.connector.api.imap.MessageFlags;
import org.postroom.connector.api.imap.MessageMetadata;
import org.postroom.connector.api.imap.SearchKey;
import org.postroom.connector.api.imap.StoreMode;
import org.postroom.connector.api.imap.UidSet;
import org.postroom.mailbox.ImapMailboxService;
import org.postroom.service.UserAuthenticationService;

/**
 * What the IMAP listeners' beans share: they pass each call to {@link ImapMailboxService} with the user's canonical
 * address (the name authentication returned), and nothing else. Pure reads run without a transaction.
 */
abstract class ImapEndpointBase implements MailboxSessionListener {

    @EJB
    UserAuthenticationService authentication;

    @EJB
    ImapMailboxService mailboxes;

    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public AuthenticationResult authenticate(InetSocketAddress clientAddress, boolean tls, Credentials credentials) {
        return authentication.authenticate(credentials.username(), credentials.password())
                .map(AuthenticationResult::authenticated)
                .orElseGet(AuthenticationResult::invalidCredentials);
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public List<MailboxInfo> mailboxes(AuthenticatedUser user, String prefix) {
        return mailboxes.mailboxes(user.name(), prefix);
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Set<String> subscriptions(AuthenticatedUser user) {
        return mailboxes.subscriptions(user.name());
    }

    @Override
    public void subscribe(AuthenticatedUser user, String name, boolean subscribed) throws MailboxException {
        mailboxes.subscribe(user.name(), name, subscribed);
    }

    @Override
    public void create(AuthenticatedUser user, String name) throws MailboxException {
        mailboxes.create(user.name(), name);
    }

    @Override
    public void delete(AuthenticatedUser user, String name) throws MailboxException {
        mailboxes.delete(user.name(), name);
    }

    @Override
    public void rename(AuthenticatedUser user, String from, String to) throws MailboxException {
        mailboxes.rename(user.name(), from, to);
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public MailboxStatus status(AuthenticatedUser user, String name) throws MailboxException {
        return mailboxes.status(user.name(), name);
    }

    @Override
    public MailboxSnapshot select(AuthenticatedUser user, String name, boolean readOnly) throws MailboxException {
        return mailboxes.select(user.name(), name, readOnly);
    }

    @Override
    public MailboxChanges changesSince(AuthenticatedUser user, String mailboxKey, long modSeq, boolean readOnly)
            throws MailboxException {
        return mailboxes.changesSince(user.name(), mailboxKey, modSeq, readOnly);
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public List<MessageMetadata> fetch(AuthenticatedUser user, String mailboxKey, UidSet uids, boolean withStructure)
            throws MailboxException {
        return mailboxes.fetch(user.name(), mailboxKey, uids, withStructure);
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // a read: no transaction per BODY[]
    public List<FetchedMessage> fetchWithContent(AuthenticatedUser user, String mailboxKey, UidSet uids,
            boolean withStructure, long maxBytes) throws MailboxException {
        return mailboxes.fetchWithContent(user.name(), mailboxKey, uids, withStructure, maxBytes);
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // a read: no transaction per BODY[]
    public Optional<InputStream> content(AuthenticatedUser user, String mailboxKey, long uid)
            throws MailboxException {
        return mailboxes.content(user.name(), mailboxKey, uid);
    }

    @Override
    public List<MessageFlags> store(AuthenticatedUser user, String mailboxKey, UidSet uids, StoreMode mode,
            Set<String> flags) throws MailboxException {
        return mailboxes.store(user.name(), mailboxKey, uids, mode, flags);
    }

    @Override
    public CopyResult copy(AuthenticatedUser user, String mailboxKey, UidSet uids, String target)
            throws MailboxException {
        return mailboxes.copy(user.name(), mailboxKey, uids, target);
    }

    @Override
    public CopyResult move(AuthenticatedUser user, String mailboxKey, UidSet uids, String target)
            throws MailboxException {
        return mailboxes.move(user.name(), mailboxKey, uids, target);
    }

    @Override
    public List<Long> expunge(AuthenticatedUser user, String mailboxKey, Optional<UidSet> only)
            throws MailboxException {
        return mailboxes.expunge(user.name(), mailboxKey, only);
    }

    /** The container commits when this returns, before the engine answers OK: the message is durable then. */
    @Override
    public AppendResult append(AuthenticatedUser user, String name, Set<String> flags,
            Optional<OffsetDateTime> internalDate, byte[] content) throws MailboxException {
        return mailboxes.append(user.name(), name, flags, internalDate, content);
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public UidSet search(AuthenticatedUser user, String mailboxKey, SearchKey program) throws MailboxException {
        return mailboxes.search(user.name(), mailboxKey, program);
    }
}
