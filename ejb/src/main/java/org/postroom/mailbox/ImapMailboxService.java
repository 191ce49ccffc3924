package org.postroom.mailbox;

import org.postroom.connector.api.imap.MailboxKey;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import java.net.InetSocketAddress;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBContext;
import jakarta.ejb.EJBException;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.postroom.config.PostroomConfig;
import org.postroom.store.MemoryBudget;
import org.postroom.connector.api.AuthenticatedUser;
import org.postroom.connector.api.AuthenticationResult;
import org.postroom.connector.api.Credentials;
import org.postroom.connector.api.imap.AppendResult;
import org.postroom.connector.api.imap.CopyResult;
import org.postroom.connector.api.imap.FetchedMessage;
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
import org.postroom.store.AccountRepository;
import org.postroom.store.ContentRepository;
import org.postroom.store.FolderRepository;
import org.postroom.store.db.DiskSync;
import org.postroom.store.MessageRepository;
import org.postroom.store.SubscriptionRepository;
import org.postroom.store.MessageStructureRecord;
import org.postroom.store.SettingRepository;
import org.postroom.store.StructureRepository;
import org.postroom.messaging.MailboxChangeNotifier;
import org.postroom.mime.ContentAnalysisService;
import org.postroom.service.UserAuthenticationService;

/**
 * The IMAP mail store as the listener the engine calls (ADR 0030): the message-driven beans
 * ({@code org.postroom.imap.ImapEndpoint}, {@code ImapsEndpoint}) are this class with an activation spec, so each
 * call of the engine arrives here through the endpoint proxy with nothing retyped on the way. Each call is one
 * container transaction over {@link ImapMailStore}, which holds the rules; pure reads run without one. A refusal
 * ({@link MailboxException}, a checked application exception) marks the transaction for rollback, so it undoes what
 * the call had done. Changes are published to the IMAP sessions after the commit by {@link MailboxChangeNotifier}.
 *
 * <p>
 * Not a bean itself (a session bean would be one more hop per call). The four protected hooks are what a test
 * replaces to run the same methods outside the container.
 */
public class ImapMailboxService implements MailboxSessionListener {

    private static final Logger LOG = Logger.getLogger(ImapMailboxService.class.getName());

    @EJB
    UserAuthenticationService authentication;

    @Inject
    AccountRepository accounts;

    @Inject
    FolderRepository folders;

    @Inject
    MessageRepository messages;

    @Inject
    ContentRepository contents;

    @Inject
    SubscriptionRepository subscriptions;

    @Inject
    StructureRepository structures;

    @Inject
    SettingRepository settings;

    @Inject
    MailboxChangeNotifier notifier;

    @Inject
    PostroomConfig config;

    @Inject
    FolderViews views;

    @Inject
    ContentAnalysisService analysis;

    @EJB
    StructureWriter structureWriter;

    @Resource
    EJBContext context;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Inject
    DiskSync diskSync;

    /** The login's outcome: the user's canonical address when the credentials are valid. */
    protected AuthenticationResult verify(Credentials credentials) {
        return authentication.authenticate(credentials.username(), credentials.password());
    }

    private MailStoreRepositories repositories() {
        return new MailStoreRepositories(accounts, folders, messages, contents, subscriptions, structures, settings);
    }

    /** The store for a call in the container's transaction (or, for a read, in none). */
    protected ImapMailStore store() {
        return ImapMailStore.over(repositories(), analysis::analyze, notifier::changed, views, config.maxFolders());
    }

    /** The store for reads outside a transaction: structures analyzed on the way are stored in their own. */
    protected ImapMailStore readStore() {
        StructureRepository storing = new StructureRepository() {
            @Override
            public Optional<MessageStructureRecord> find(long contentId) {
                return structures.find(contentId);
            }

            @Override
            public Map<Long, MessageStructureRecord> find(Collection<Long> contentIds) {
                return structures.find(contentIds);
            }

            @Override
            public MessageStructureRecord add(MessageStructureRecord structure) {
                try {
                    structureWriter.add(structure);
                } catch (EJBException e) {
                    LOG.log(Level.FINE, "structure of content " + structure.getContentId() + " not stored", e);
                }
                return structure;
            }

            @Override
            public void addRow(MessageStructureRecord structure) {
                add(structure);
            }
        };
        return ImapMailStore.over(repositories().withStructures(storing), content -> {
            throw new IllegalStateException("a read does not append");
        }, key -> {
            throw new IllegalStateException("a read does not change mailboxes");
        }, views);
    }

    /** Marks the call's transaction for rollback: the refusal undoes what the call had done. */
    protected void refused() {
        context.setRollbackOnly();
    }

    /** A unit of work that may be refused. */
    @FunctionalInterface
    private interface Work<T> {
        T run(ImapMailStore store) throws MailboxException;
    }

    private <T> T write(Work<T> work) throws MailboxException {
        try {
            return work.run(store());
        } catch (MailboxException e) {
            refused();
            throw e;
        }
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public AuthenticationResult authenticate(InetSocketAddress clientAddress, boolean tls, Credentials credentials) {
        return verify(credentials);
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public List<MailboxInfo> mailboxes(AuthenticatedUser user, String prefix) {
        return store().folders().mailboxes(user.name(), prefix);
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Set<String> subscriptions(AuthenticatedUser user) {
        return store().folders().subscriptions(user.name());
    }

    @Override
    public void subscribe(AuthenticatedUser user, String name, boolean subscribed) throws MailboxException {
        write(s -> {
            s.folders().subscribe(user.name(), name, subscribed);
            return null;
        });
    }

    @Override
    public void create(AuthenticatedUser user, String name) throws MailboxException {
        write(s -> {
            s.folders().create(user.name(), name);
            return null;
        });
    }

    @Override
    public void delete(AuthenticatedUser user, String name) throws MailboxException {
        write(s -> {
            s.folders().delete(user.name(), name);
            return null;
        });
    }

    @Override
    public void rename(AuthenticatedUser user, String from, String to) throws MailboxException {
        write(s -> {
            s.folders().rename(user.name(), from, to);
            return null;
        });
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public MailboxStatus status(AuthenticatedUser user, String name) throws MailboxException {
        return store().folders().status(user.name(), name);
    }

    @Override
    public MailboxSnapshot select(AuthenticatedUser user, String name, boolean readOnly) throws MailboxException {
        return write(s -> s.reads().select(user.name(), name, readOnly));
    }

    @Override
    public MailboxChanges changesSince(AuthenticatedUser user, MailboxKey mailboxKey, long modSeq, boolean readOnly)
            throws MailboxException {
        return write(s -> s.reads().changesSince(user.name(), mailboxKey, modSeq, readOnly));
    }

    /**
     * A read without a transaction; content stored before schema version 3 gets its structure stored on first
     * FETCH, each in a short transaction of its own ({@link StructureWriter}).
     */
    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public List<MessageMetadata> fetch(AuthenticatedUser user, MailboxKey mailboxKey, UidSet uids,
            boolean withStructure)
            throws MailboxException {
        return readStore().reads().fetch(user.name(), mailboxKey, uids, withStructure);
    }

    /** As {@link #fetch}, with the ENVELOPE as stored in the form it is sent (ADR 0076); no transaction. */
    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public List<MessageMetadata> fetchEnvelopes(AuthenticatedUser user, MailboxKey mailboxKey, UidSet uids)
            throws MailboxException {
        return readStore().reads().fetchEnvelopes(user.name(), mailboxKey, uids);
    }

    /** As {@link #fetch}, with the content of as many messages as fit in {@code maxBytes}; no transaction per BODY[]. */
    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public List<FetchedMessage> fetchWithContent(AuthenticatedUser user, MailboxKey mailboxKey, UidSet uids,
            boolean withStructure, long maxBytes) throws MailboxException {
        return readStore().reads().fetchWithContent(user.name(), mailboxKey, uids, withStructure, maxBytes);
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // a read: no transaction per BODY[]
    public Optional<InputStream> content(AuthenticatedUser user, MailboxKey mailboxKey, long uid)
            throws MailboxException {
        return store().reads().content(user.name(), mailboxKey, uid);
    }

    @Override
    public List<MessageFlags> store(AuthenticatedUser user, MailboxKey mailboxKey, UidSet uids, StoreMode mode,
            Set<String> flags) throws MailboxException {
        return write(s -> s.mutations().store(user.name(), mailboxKey, uids, mode, flags));
    }

    @Override
    public CopyResult copy(AuthenticatedUser user, MailboxKey mailboxKey, UidSet uids, String target)
            throws MailboxException {
        return write(s -> s.mutations().copy(user.name(), mailboxKey, uids, target));
    }

    @Override
    public CopyResult move(AuthenticatedUser user, MailboxKey mailboxKey, UidSet uids, String target)
            throws MailboxException {
        return write(s -> s.mutations().move(user.name(), mailboxKey, uids, target));
    }

    @Override
    public List<Long> expunge(AuthenticatedUser user, MailboxKey mailboxKey, Optional<UidSet> only)
            throws MailboxException {
        return write(s -> s.mutations().expunge(user.name(), mailboxKey, only));
    }

    /**
     * The container commits when this returns, before the engine answers OK: the message is durable then (on the
     * embedded H2, once the file is synced after the commit, ADR 0026).
     */
    @Override
    public AppendResult append(AuthenticatedUser user, String name, Set<String> flags,
            Optional<OffsetDateTime> internalDate, byte[] content) throws MailboxException {
        AppendResult appended = write(s -> s.mutations().append(user.name(), name, flags, internalDate, content));
        syncAfterCommit();
        return appended;
    }

    /**
     * APPEND of a message the engine streams (a large one from its spool file): read into memory only with a share of
     * the memory budget that SMTP acceptance uses too ({@code postroom.smtp.memory.budget.bytes}, ADR 0070), so that
     * many large APPENDs at once cannot exhaust the heap; without a share within 30 s the client gets {@code NO
     * [UNAVAILABLE]} and may retry.
     */
    @Override
    public AppendResult append(AuthenticatedUser user, String name, Set<String> flags,
            Optional<OffsetDateTime> internalDate, InputStream content, long size)
            throws MailboxException, IOException {
        Optional<MemoryBudget.Lease> lease;
        try {
            lease = MemoryBudget.shared(config.acceptMemoryBudgetBytes()).tryAcquire(size, APPEND_BUDGET_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for memory to store an APPEND");
        }
        if (lease.isEmpty()) {
            LOG.warning("Refusing an APPEND of " + size + " bytes for now: the memory budget is in use");
            throw new IOException("the memory budget for messages being stored is in use");
        }
        try (MemoryBudget.Lease held = lease.get()) {
            return MailboxSessionListener.super.append(user, name, flags, internalDate, content, size);
        }
    }

    private static final Duration APPEND_BUDGET_WAIT = Duration.ofSeconds(30);

    /**
     * Has the database file synced to disk once this call's transaction has committed, before the answer leaves
     * (PostgreSQL syncs at commit; the embedded H2 only writes the file, ADR 0026). Outside the container (tests)
     * there is no transaction registry and nothing to sync.
     */
    protected void syncAfterCommit() {
        if (transactions == null) {
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    diskSync.afterCommit();
                }
            }
        });
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public UidSet search(AuthenticatedUser user, MailboxKey mailboxKey, SearchKey program) throws MailboxException {
        return store().search().search(user.name(), mailboxKey, program);
    }
}
