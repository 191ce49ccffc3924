package org.postroom.store.db;

import org.postroom.connector.api.AuthenticationResult;
import org.postroom.connector.api.imap.MailboxKey;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;

import org.postroom.connector.api.Credentials;
import org.postroom.connector.api.MaildropListener;
import org.postroom.connector.api.imap.MailboxSessionListener;
import org.postroom.domain.PasswordHasher;
import org.postroom.mailbox.ImapMailStore;
import org.postroom.messaging.MailboxChangeNotifier;
import org.postroom.mime.ContentAnalysisService;
import org.postroom.mime.HeaderFieldsExtractor;
import org.postroom.mailbox.ImapMailboxService;
import org.postroom.mailbox.MailStoreRepositories;
import org.postroom.mailbox.MaildropLocks;
import org.postroom.mailbox.MaildropService;
import org.postroom.service.UserAuthenticationService;
import org.postroom.model.mime.StructureAnalyzer;
import org.postroom.store.Account;
import org.postroom.store.Folder;
import org.postroom.store.HostedDomain;
import org.postroom.store.MailMessage;
import org.postroom.store.MessageContent;
import org.postroom.store.MessageHeaderFields;
import org.postroom.store.MessageStructureRecord;
import org.postroom.store.schema.SchemaMigrations;

/**
 * The IMAP store outside the container, for tests: a fresh in-memory H2 database with helpers to add users and
 * deliver, {@link #listener()} and {@link #maildropListener()}: the IMAP and POP3 beans' own code with a transaction
 * per call.
 */
public final class JpaImapListener implements AutoCloseable {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final PasswordHasher HASHER = new PasswordHasher();
    /** Every test user's password. */
    public static final String PASSWORD = "secret";
    private static final String PASSWORD_HASH = HASHER.hash(PASSWORD.toCharArray());

    /** The folders every new account gets, as UserService creates them. */
    private static final String[][] DEFAULT_FOLDERS = {{"INBOX", null}, {"Sent", "\\Sent"},
            {"Drafts", "\\Drafts"}, {"Trash", "\\Trash"}, {"Junk", "\\Junk"}, {"Archive", "\\Archive"}};

    private final Jpa jpa;
    private final String url;
    /** One per listener, as one per process in the server: SELECTs after the first read only the changes. */
    private final org.postroom.mailbox.FolderViews views = new org.postroom.mailbox.FolderViews();
    private volatile int maxFolders = org.postroom.mailbox.FolderOperations.DEFAULT_MAX_FOLDERS;
    /** Mailbox keys published after commits, in order (sessions on several threads publish). */
    public final List<MailboxKey> published = Collections.synchronizedList(new ArrayList<>());

    /** A fresh H2 database with the migrated schema and the domain {@code example.org}. */
    public JpaImapListener() {
        this(H2Test.freshUrl("imap" + DATABASES.incrementAndGet()), "postroom", "");
    }

    /** The database at {@code url}, empty, migrated here, with the domain {@code example.org}. */
    public JpaImapListener(String url, String user, String password) {
        try {
            SchemaMigrations.migrate(url, user, password);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        this.url = url;
        jpa = new Jpa(url, user, password);
        jpa.run(em -> new JpaDomainRepository(em).add(new HostedDomain("example.org", Instant.now())));
    }

    /** The JDBC URL of the store's database (a test may look into it with a connection of its own). */
    public String url() {
        return url;
    }

    /** Adds an account with the default folders (INBOX, Sent, Drafts, Trash, Junk, Archive); returns its address. */
    public String addUser(String local) {
        return jpa.inTransaction(em -> {
            HostedDomain d = new JpaDomainRepository(em).find("example.org").orElseThrow();
            Account a = new JpaAccountRepository(em)
                    .add(new Account(local + "@example.org", d, local, PASSWORD_HASH, Instant.now()));
            long uidValidity = 1000;
            for (String[] f : DEFAULT_FOLDERS) {
                new JpaFolderRepository(em).addFolder(new Folder(a, f[0], f[1], uidValidity++));
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
            Repos mailboxes = Repos.of(em);
            Account a = new JpaAccountRepository(em).find(user).orElseThrow();
            MessageContent c = mailboxes.contents.storeContent(message);
            analyze(em, c, withStructure);
            MailMessage m = mailboxes.messages.append(mailboxes.folders.folder(a, folder).orElseThrow(), c,
                    Instant.now(), 0);
            published.add(m.getFolder().mailboxKey());
            return m.getUid();
        });
        return uid;
    }

    private static void analyze(EntityManager em, MessageContent c, boolean withStructure) {
        if (withStructure) {
            new ContentAnalysisService(new JpaHeaderFieldsRepository(em), new JpaStructureRepository(em))
                    .store(c.getId(), c.getData(), false);
        } else { // as content stored before schema version 3: header fields only, no ENVELOPE form or search texts
            new JpaHeaderFieldsRepository(em)
                    .add(new MessageHeaderFields(c.getId(), HeaderFieldsExtractor.extract(c.getData())));
        }
    }

    /** Runs work in one transaction of the store's repositories. */
    public <T> T inTransaction(java.util.function.Function<EntityManager, T> work) {
        return jpa.inTransaction(work);
    }

    /** Runs work on an entity manager of the store's that takes part in no transaction (NOT_SUPPORTED). */
    public <T> T withoutTransaction(java.util.function.Function<EntityManager, T> work) {
        EntityManager em = jpa.createEntityManager();
        try {
            return work.apply(em);
        } finally {
            em.close();
        }
    }

    /**
     * {@link ImapMailboxService}, the class the IMAP beans are, as the container would run it: each call of the
     * returned listener is one RESOURCE_LOCAL transaction (what the bean does with JTA; reads included, which is
     * stricter than the bean's), with a service bound to that transaction's repositories. An exception rolls the
     * transaction back; mailbox events are recorded after the commit.
     */
    public MailboxSessionListener listener() {
        return listener;
    }

    private final MailboxSessionListener listener = transactional(MailboxSessionListener.class, this::service);

    /**
     * {@link MaildropService}, the class the POP3 beans are, with a transaction per call as {@link #listener()};
     * the maildrop locks are shared by every call, as the singleton's are in the server.
     */
    public MaildropListener maildropListener() {
        return maildropListener;
    }

    private final MaildropLocks maildropLocks = new MaildropLocks();
    private final MaildropListener maildropListener = transactional(MaildropListener.class,
            (em, changed) -> new MaildropService() {
                {
                    accounts = new JpaAccountRepository(em);
                    folders = new JpaFolderRepository(em);
                    messages = new JpaMessageRepository(em);
                    locks = maildropLocks;
                    notifier = new MailboxChangeNotifier() {
                        @Override
                        public void changed(MailboxKey mailboxKey) {
                            changed.add(mailboxKey);
                        }
                    };
                    authentication = new UserAuthenticationService() {
                        @Override
                        public AuthenticationResult authenticate(String login, String password) {
                            return verify(em, new Credentials(login, password));
                        }
                    };
                }
            });

    /** {@code listener} whose every call runs on an object {@code target} makes for one RESOURCE_LOCAL transaction. */
    private <T> T transactional(Class<T> listener, BiFunction<EntityManager, List<MailboxKey>, T> target) {
        return listener.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{listener},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("equals")
                                ? proxy == args[0]
                                : method.getName().equals("hashCode")
                                        ? System.identityHashCode(proxy)
                                        : listener.getSimpleName() + " in a transaction per call";
                    }
                    EntityManager em = jpa.createEntityManager();
                    EntityTransaction tx = em.getTransaction();
                    List<MailboxKey> changed = new ArrayList<>();
                    try {
                        tx.begin();
                        Object result = method.invoke(target.apply(em, changed), args);
                        tx.commit();
                        published.addAll(changed);
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        if (tx.isActive()) {
                            tx.rollback();
                        }
                        em.close();
                    }
                }));
    }

    /** The most folders a user may have from now on (POSTROOM_MAX_FOLDERS). */
    public JpaImapListener maxFolders(int value) {
        maxFolders = value;
        return this;
    }

    private static AuthenticationResult verify(EntityManager em, Credentials credentials) {
        return new JpaAccountRepository(em).find(credentials.username())
                .filter(a -> HASHER.verify(credentials.password().toCharArray(), a.getPasswordHash()))
                .map(Account::getAddress).map(AuthenticationResult::authenticated)
                .orElseGet(AuthenticationResult::invalidCredentials);
    }

    /** The service with the store's repositories on {@code em}, and what the container gives it otherwise. */
    private ImapMailboxService service(EntityManager em, List<MailboxKey> changed) {
        return new ImapMailboxService() {
            @Override
            protected AuthenticationResult verify(Credentials credentials) {
                return JpaImapListener.verify(em, credentials);
            }

            @Override
            protected ImapMailStore store() {
                return ImapMailStore.over(new MailStoreRepositories(new JpaAccountRepository(em),
                        new JpaFolderRepository(em), new JpaMessageRepository(em), new JpaContentRepository(em),
                        new JpaSubscriptionRepository(em), new JpaStructureRepository(em),
                        new JpaSettingRepository(em)),
                        c -> analyze(em, c, true), changed::add, views, maxFolders);
            }

            @Override
            protected ImapMailStore readStore() {
                return store();
            }

            @Override
            protected void refused() {
                // the proxy rolls back on every exception
            }
        };
    }

    @Override
    public void close() {
        jpa.close();
    }
}
