package org.postroom.mailbox;

import java.io.InputStream;
import java.util.Collection;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.Resource;
import jakarta.ejb.EJBException;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.postroom.connector.api.imap.AppendResult;
import org.postroom.connector.api.imap.CopyResult;
import org.postroom.connector.api.imap.FetchedMessage;
import org.postroom.connector.api.imap.MailboxChanges;
import org.postroom.connector.api.imap.MailboxException;
import org.postroom.connector.api.imap.MailboxInfo;
import org.postroom.connector.api.imap.MailboxSnapshot;
import org.postroom.connector.api.imap.MailboxStatus;
import org.postroom.connector.api.imap.MessageFlags;
import org.postroom.connector.api.imap.MessageMetadata;
import org.postroom.connector.api.imap.SearchKey;
import org.postroom.connector.api.imap.StoreMode;
import org.postroom.connector.api.imap.UidSet;
import org.postroom.messaging.MailboxChangeNotifier;
import org.postroom.mime.ContentAnalysisService;
import org.postroom.store.AccountRepository;
import org.postroom.store.ContentRepository;
import org.postroom.store.FolderRepository;
import org.postroom.store.MessageRepository;
import org.postroom.store.MessageStructureRecord;
import org.postroom.store.SettingRepository;
import org.postroom.store.StructureRepository;
import org.postroom.store.SubscriptionRepository;

/**
 * The IMAP mail store as a transactional service: each call is one transaction over the part of {@link ImapMailStore}
 * it needs, which holds the rules. A refusal ({@link MailboxException}, a checked application exception) rolls back
 * what the call had done. Changes are published to the IMAP sessions after the commit by
 * {@link MailboxChangeNotifier}. Pure reads support running without a transaction.
 */
@Stateless
public class ImapMailboxService {

    private static final Logger LOG = Logger.getLogger(ImapMailboxService.class.getName());

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
    FolderViews views;

    @Inject
    ContentAnalysisService analysis;

    @Resource
    SessionContext context;

    private MailStoreRepositories repositories() {
        return new MailStoreRepositories(accounts, folders, messages, contents, subscriptions, structures, settings);
    }

    private ImapMailStore store() {
        return ImapMailStore.over(repositories(), analysis::analyze, notifier::changed, views);
    }

    /** The store for reads outside a transaction: structures analyzed on the way are stored in their own. */
    private ImapMailStore readStore() {
        ImapMailboxService self = context.getBusinessObject(ImapMailboxService.class);
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
                    self.addStructure(structure);
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

    /** A unit of work that may be refused. */
    @FunctionalInterface
    private interface Work<T> {
        T run(ImapMailStore store) throws MailboxException;
    }

    private <T> T write(Work<T> work) throws MailboxException {
        try {
            return work.run(store());
        } catch (MailboxException e) {
            context.setRollbackOnly();
            throw e;
        }
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<MailboxInfo> mailboxes(String user, String prefix) {
        return store().folders().mailboxes(user, prefix);
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Set<String> subscriptions(String user) {
        return store().folders().subscriptions(user);
    }

    public void subscribe(String user, String name, boolean subscribed) throws MailboxException {
        write(s -> {
            s.folders().subscribe(user, name, subscribed);
            return null;
        });
    }

    public void create(String user, String name) throws MailboxException {
        write(s -> {
            s.folders().create(user, name);
            return null;
        });
    }

    public void delete(String user, String name) throws MailboxException {
        write(s -> {
            s.folders().delete(user, name);
            return null;
        });
    }

    public void rename(String user, String from, String to) throws MailboxException {
        write(s -> {
            s.folders().rename(user, from, to);
            return null;
        });
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public MailboxStatus status(String user, String name) throws MailboxException {
        return store().folders().status(user, name);
    }

    public MailboxSnapshot select(String user, String name, boolean readOnly) throws MailboxException {
        return write(s -> s.reads().select(user, name, readOnly));
    }

    public MailboxChanges changesSince(String user, String mailboxKey, long modSeq, boolean readOnly)
            throws MailboxException {
        return write(s -> s.reads().changesSince(user, mailboxKey, modSeq, readOnly));
    }

    /**
     * A read without a transaction of its own; content stored before schema version 3 gets its structure stored on
     * first FETCH, each in a short transaction of its own ({@link #addStructure}).
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<MessageMetadata> fetch(String user, String mailboxKey, UidSet uids, boolean withStructure)
            throws MailboxException {
        return readStore().reads().fetch(user, mailboxKey, uids, withStructure);
    }

    /** As {@link #fetch}, with the content of as many messages as fit in {@code maxBytes}. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<FetchedMessage> fetchWithContent(String user, String mailboxKey, UidSet uids, boolean withStructure,
            long maxBytes) throws MailboxException {
        return readStore().reads().fetchWithContent(user, mailboxKey, uids, withStructure, maxBytes);
    }

    /**
     * Stores the structure a read analyzed. Another session analyzing the same content may have stored it first: the
     * reader already has the structure, so that failure is only logged.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void addStructure(MessageStructureRecord record) {
        structures.add(record);
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<InputStream> content(String user, String mailboxKey, long uid) throws MailboxException {
        return store().reads().content(user, mailboxKey, uid);
    }

    public List<MessageFlags> store(String user, String mailboxKey, UidSet uids, StoreMode mode, Set<String> flags)
            throws MailboxException {
        return write(s -> s.mutations().store(user, mailboxKey, uids, mode, flags));
    }

    public CopyResult copy(String user, String mailboxKey, UidSet uids, String target) throws MailboxException {
        return write(s -> s.mutations().copy(user, mailboxKey, uids, target));
    }

    public CopyResult move(String user, String mailboxKey, UidSet uids, String target) throws MailboxException {
        return write(s -> s.mutations().move(user, mailboxKey, uids, target));
    }

    public List<Long> expunge(String user, String mailboxKey, Optional<UidSet> only) throws MailboxException {
        return write(s -> s.mutations().expunge(user, mailboxKey, only));
    }

    /** Durable when the transaction this joins (or starts) commits; the endpoint returns only after that. */
    public AppendResult append(String user, String name, Set<String> flags, Optional<OffsetDateTime> internalDate,
            byte[] content) throws MailboxException {
        return write(s -> s.mutations().append(user, name, flags, internalDate, content));
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public UidSet search(String user, String mailboxKey, SearchKey program) throws MailboxException {
        return store().search().search(user, mailboxKey, program);
    }
}
