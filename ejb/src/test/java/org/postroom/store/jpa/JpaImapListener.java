package org.postroom.store.jpa;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;

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
import org.postroom.mail.EnvelopeExtractor;
import org.postroom.mailbox.ImapMailStore;
import org.postroom.mime.StructureAnalyzer;
import org.postroom.store.Account;
import org.postroom.store.Folder;
import org.postroom.store.HostedDomain;
import org.postroom.store.MailMessage;
import org.postroom.store.MessageContent;
import org.postroom.store.MessageEnvelope;
import org.postroom.store.MessageStructureRecord;
import org.postroom.store.schema.SchemaMigrator;

/**
 * {@link ImapMailStore} as a {@link MailboxSessionListener} outside the container, for tests: each call is one
 * RESOURCE_LOCAL transaction on a fresh in-memory Derby database (what the EJB service does with JTA), a refusal
 * rolls it back, and mailbox events are recorded after the commit.
 */
public final class JpaImapListener implements MailboxSessionListener, AutoCloseable {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    /** The folders every new account gets, as UserService creates them. */
    private static final String[][] DEFAULT_FOLDERS = {{"INBOX", null}, {"Sent", "\\Sent"},
            {"Drafts", "\\Drafts"}, {"Trash", "\\Trash"}, {"Junk", "\\Junk"}, {"Archive", "\\Archive"}};

    private final Jpa jpa;
    /** One per listener, as one per process in the server: SELECTs after the first read only the changes. */
    private final org.postroom.mailbox.FolderViews views = new org.postroom.mailbox.FolderViews();
    /** Mailbox keys published after commits, in order (sessions on several threads publish). */
    public final List<String> published = Collections.synchronizedList(new ArrayList<>());

    /** A fresh Derby database with the migrated schema and the domain {@code example.org}. */
    public JpaImapListener() {
        this("jdbc:derby:memory:imap" + DATABASES.incrementAndGet() + ";create=true", "postroom", "");
    }

    /** The database at {@code url}, empty, migrated here, with the domain {@code example.org}. */
    public JpaImapListener(String url, String user, String password) {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            SchemaMigrator.migrate(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        jpa = new Jpa(url, user, password);
        jpa.run(em -> new JpaDomainRepository(em).add(new HostedDomain("example.org", Instant.now())));
    }

    /** Adds an account with the default folders (INBOX, Sent, Drafts, Trash, Junk, Archive); returns its address. */
    public String addUser(String local) {
        return jpa.inTransaction(em -> {
            HostedDomain d = new JpaDomainRepository(em).find("example.org").orElseThrow();
            Account a = new JpaAccountRepository(em)
                    .add(new Account(local + "@example.org", d, local, "hash", Instant.now()));
            long uidValidity = 1000;
            for (String[] f : DEFAULT_FOLDERS) {
                new JpaMailboxRepository(em).addFolder(new Folder(a, f[0], f[1], uidValidity++));
            }
            return a.getAddress();
        });
    }

    public void setQuota(String user, Long maxBytes, Long maxMessages) {
        jpa.run(em -> new JpaAccountRepository(em).find(user).orElseThrow().setQuota(maxBytes, maxMessages));
    }

    /** Delivers as DeliveryService does: content, envelope and structure stored once, appended to the folder. */
    public long deliver(String user, String folder, String message) {
        return deliver(user, folder, message.getBytes(StandardCharsets.UTF_8), true);
    }

    /** Delivers, optionally without a structure row (as content stored before schema version 3). */
    public long deliver(String user, String folder, byte[] message, boolean withStructure) {
        long uid = jpa.inTransaction(em -> {
            JpaMailboxRepository mailboxes = new JpaMailboxRepository(em);
            Account a = new JpaAccountRepository(em).find(user).orElseThrow();
            MessageContent c = mailboxes.storeContent(message);
            analyze(em, c, withStructure);
            MailMessage m = mailboxes.append(mailboxes.folder(a, folder).orElseThrow(), c, Instant.now(), 0);
            published.add(ImapMailStore.key(m.getFolder()));
            return m.getUid();
        });
        return uid;
    }

    private static void analyze(EntityManager em, MessageContent c, boolean withStructure) {
        new JpaEnvelopeRepository(em).add(new MessageEnvelope(c.getId(), EnvelopeExtractor.extract(c.getData())));
        if (withStructure) {
            new JpaStructureRepository(em)
                    .add(new MessageStructureRecord(c.getId(), StructureAnalyzer.analyze(c.getData())));
        }
    }

    /** Runs work in one transaction of the store's repositories. */
    public <T> T inTransaction(java.util.function.Function<EntityManager, T> work) {
        return jpa.inTransaction(work);
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(ImapMailStore store) throws MailboxException;
    }

    private <T> T call(Work<T> work) throws MailboxException {
        EntityManager em = jpa.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        List<String> changed = new ArrayList<>();
        try {
            tx.begin();
            ImapMailStore store = new ImapMailStore(new JpaAccountRepository(em), new JpaMailboxRepository(em),
                    new JpaStructureRepository(em), new JpaSettingRepository(em), c -> analyze(em, c, true),
                    changed::add, views);
            T result = work.run(store);
            tx.commit();
            published.addAll(changed);
            return result;
        } finally {
            if (tx.isActive()) {
                tx.rollback();
            }
            em.close();
        }
    }

    @Override
    public AuthenticationResult authenticate(InetSocketAddress clientAddress, boolean tls, Credentials credentials) {
        throw new UnsupportedOperationException("authentication is UserAuthenticationService's, tested elsewhere");
    }

    @Override
    public List<MailboxInfo> mailboxes(AuthenticatedUser user, String prefix) {
        return jpa.inTransaction(em -> store(em).mailboxes(user.name(), prefix));
    }

    @Override
    public Set<String> subscriptions(AuthenticatedUser user) {
        return jpa.inTransaction(em -> store(em).subscriptions(user.name()));
    }

    private ImapMailStore store(EntityManager em) {
        return new ImapMailStore(new JpaAccountRepository(em), new JpaMailboxRepository(em),
                new JpaStructureRepository(em), new JpaSettingRepository(em), c -> analyze(em, c, true),
                published::add, views);
    }

    @Override
    public void subscribe(AuthenticatedUser user, String name, boolean subscribed) throws MailboxException {
        call(s -> {
            s.subscribe(user.name(), name, subscribed);
            return null;
        });
    }

    @Override
    public void create(AuthenticatedUser user, String name) throws MailboxException {
        call(s -> {
            s.create(user.name(), name);
            return null;
        });
    }

    @Override
    public void delete(AuthenticatedUser user, String name) throws MailboxException {
        call(s -> {
            s.delete(user.name(), name);
            return null;
        });
    }

    @Override
    public void rename(AuthenticatedUser user, String from, String to) throws MailboxException {
        call(s -> {
            s.rename(user.name(), from, to);
            return null;
        });
    }

    @Override
    public MailboxStatus status(AuthenticatedUser user, String name) throws MailboxException {
        return call(s -> s.status(user.name(), name));
    }

    @Override
    public MailboxSnapshot select(AuthenticatedUser user, String name, boolean readOnly) throws MailboxException {
        return call(s -> s.select(user.name(), name, readOnly));
    }

    @Override
    public MailboxChanges changesSince(AuthenticatedUser user, String mailboxKey, long modSeq, boolean readOnly)
            throws MailboxException {
        return call(s -> s.changesSince(user.name(), mailboxKey, modSeq, readOnly));
    }

    @Override
    public List<MessageMetadata> fetch(AuthenticatedUser user, String mailboxKey, UidSet uids, boolean withStructure)
            throws MailboxException {
        return call(s -> s.fetch(user.name(), mailboxKey, uids, withStructure));
    }

    @Override
    public List<FetchedMessage> fetchWithContent(AuthenticatedUser user, String mailboxKey, UidSet uids,
            boolean withStructure, long maxBytes) throws MailboxException {
        return call(s -> s.fetchWithContent(user.name(), mailboxKey, uids, withStructure, maxBytes));
    }

    @Override
    public Optional<InputStream> content(AuthenticatedUser user, String mailboxKey, long uid)
            throws MailboxException {
        return call(s -> s.content(user.name(), mailboxKey, uid));
    }

    @Override
    public List<MessageFlags> store(AuthenticatedUser user, String mailboxKey, UidSet uids, StoreMode mode,
            Set<String> flags) throws MailboxException {
        return call(s -> s.store(user.name(), mailboxKey, uids, mode, flags));
    }

    @Override
    public CopyResult copy(AuthenticatedUser user, String mailboxKey, UidSet uids, String target)
            throws MailboxException {
        return call(s -> s.copy(user.name(), mailboxKey, uids, target));
    }

    @Override
    public CopyResult move(AuthenticatedUser user, String mailboxKey, UidSet uids, String target)
            throws MailboxException {
        return call(s -> s.move(user.name(), mailboxKey, uids, target));
    }

    @Override
    public List<Long> expunge(AuthenticatedUser user, String mailboxKey, Optional<UidSet> only)
            throws MailboxException {
        return call(s -> s.expunge(user.name(), mailboxKey, only));
    }

    @Override
    public AppendResult append(AuthenticatedUser user, String name, Set<String> flags,
            Optional<OffsetDateTime> internalDate, byte[] content) throws MailboxException {
        return call(s -> s.append(user.name(), name, flags, internalDate, content));
    }

    @Override
    public UidSet search(AuthenticatedUser user, String mailboxKey, SearchKey program) throws MailboxException {
        return call(s -> s.search(user.name(), mailboxKey, program));
    }

    @Override
    public void close() {
        jpa.close();
    }
}
