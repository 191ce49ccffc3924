package org.postroom.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postroom.connector.api.AuthenticationResult;
import org.postroom.connector.api.Credentials;
import org.postroom.connector.api.MailProtocol;
import org.postroom.connector.api.SessionContext;
import org.postroom.connector.api.imap.MailboxKey;
import org.postroom.directory.DirectoryFixtures;
import org.postroom.directory.DirectorySchema;
import org.postroom.directory.DirectoryService;
import org.postroom.directory.DirectorySync;
import org.postroom.directory.DirectoryUnavailableException;
import org.postroom.directory.SyncTask;
import org.postroom.directory.LdapDirectory;
import org.postroom.domain.EmailAddress;
import org.postroom.domain.RetrySchedule;
import org.postroom.mailbox.MailboxServices;
import org.postroom.messaging.MailboxChangeNotifier;
import org.postroom.service.DirectoryMailboxes;
import org.postroom.service.LoginCache;
import org.postroom.service.UserAuthenticationService;
import org.postroom.service.UserAuthentications;
import org.postroom.store.Account;
import org.postroom.store.Disabled;
import org.postroom.store.HostedDomain;
import org.postroom.store.QueueJob;
import org.postroom.store.QueueRecipient;
import org.postroom.store.QueueRepository;
import org.postroom.store.db.JpaAccountRepository;
import org.postroom.store.db.JpaContentRepository;
import org.postroom.store.db.JpaDomainRepository;
import org.postroom.store.db.JpaFolderRepository;
import org.postroom.store.db.JpaImapListener;
import org.postroom.store.db.JpaMessageRepository;
import org.postroom.store.db.JpaQueueRepository;

/**
 * Postroom with a corporate directory (ADR 0050), run on the real services outside the container over a fresh H2
 * store per test: logins over IMAP, POP3 and SMTP AUTH with directory passwords (the three listeners'
 * {@code authenticate}), local users beside directory users, a disabled user, the login cache after a failed bind,
 * RCPT TO decisions, delivery to a further address and to a nested group, and an outage with recovery. Each
 * subclass names the directory server (UnboundID's in-memory one, or a real {@code slapd}) and the preset; the
 * server is started once per class, and no test changes what another reads (only erin's password changes).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DirectoryScenarios {

    private static final String MESSAGE = "From: Bob <bob@sender.example>\r\nTo: x@example.org\r\n"
            + "Subject: hello\r\n\r\nbody\r\n";
    private static final InetSocketAddress CLIENT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
    private static final SmtpSessionInfo ANONYMOUS = new SmtpSessionInfo("192.0.2.7", Optional.empty(), false);

    private DirectoryFixtures.TestDirectory server;
    private JpaImapListener store;
    private LdapDirectory ldap;
    private DirectoryService corporate;
    private final LoginCache loginCache = UserAuthentications.loginCache(300);

    /** The preset under test. */
    abstract DirectorySchema schema();

    /** A started directory server holding the tests' people in {@link #schema()}'s attributes. */
    abstract DirectoryFixtures.TestDirectory startServer();

    @BeforeAll
    void startDirectory() {
        server = startServer();
    }

    @AfterAll
    void stopDirectory() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void freshStore() {
        server.start();
        store = new JpaImapListener();
        ldap = new LdapDirectory(DirectoryFixtures.settings(schema(), server.url()));
        corporate = DirectoryService.over(ldap, Duration.ofSeconds(60), Clock.systemUTC());
    }

    @AfterEach
    void closeStore() {
        ldap.close();
        store.close();
    }

    // --- logins

    @Test
    void directoryUsersLogInOverImapPop3AndSmtpAuthWithTheirDirectoryPasswords() {
        String login = schema() == DirectorySchema.AD ? "alice@corp.example.org" : "alice";
        assertEquals(AuthenticationResult.authenticated("alice@example.org"), imap("alice", "alice-pw-1"));
        assertEquals(AuthenticationResult.authenticated("alice@example.org"), pop3(login, "alice-pw-1"));
        assertEquals(AuthenticationResult.authenticated("alice@example.org"), smtp("alice@example.org",
                "alice-pw-1"), "a directory user may also log in with an address of theirs");
        assertEquals(List.of("Drafts", "INBOX", "Junk", "Sent", "Trash"), folders("alice@example.org"),
                "the first login created the mailbox with the default folders");
    }

    @Test
    void aWrongPasswordOrAnUnknownLoginIsRefusedAsInvalidCredentials() {
        assertInstanceOf(AuthenticationResult.InvalidCredentials.class, imap("alice", "alice-pw-2"));
        assertInstanceOf(AuthenticationResult.InvalidCredentials.class, pop3("mallory", "alice-pw-1"));
        assertInstanceOf(AuthenticationResult.InvalidCredentials.class, smtp("alice", ""));
    }

    @Test
    void aDisabledUserCannotLogInEvenWithTheRightPassword() {
        assertInstanceOf(AuthenticationResult.InvalidCredentials.class, imap("carol", "carol-pw-1"));
        assertInstanceOf(AuthenticationResult.InvalidCredentials.class, smtp("carol@example.org", "carol-pw-1"));
    }

    @Test
    void localUsersKeepLoggingInBesideDirectoryUsers() {
        String dave = store.addUser("dave");
        assertEquals(AuthenticationResult.authenticated(dave), imap(dave, JpaImapListener.PASSWORD));
        assertInstanceOf(AuthenticationResult.InvalidCredentials.class, imap(dave, "alice-pw-1"));
        assertEquals(AuthenticationResult.authenticated("alice@example.org"), imap("alice", "alice-pw-1"));
    }

    @Test
    void aPasswordIsNeverAcceptedFromTheLoginCacheAfterItFailedABind() {
        assertEquals(AuthenticationResult.authenticated("erin@example.org"), imap("erin", "erin-pw-1"));
        String dn = "uid=erin,ou=people,dc=example,dc=org";
        if (schema() == DirectorySchema.AD) {
            dn = "cn=Erin Evans,ou=people,dc=example,dc=org";
        }
        server.setPassword(dn, "erin-pw-2");
        try {
            assertInstanceOf(AuthenticationResult.InvalidCredentials.class, imap("erin", "a guess"));
            assertInstanceOf(AuthenticationResult.InvalidCredentials.class, imap("erin", "erin-pw-1"),
                    "the failed bind dropped the cached login: the old password is checked by the directory again");
            assertEquals(AuthenticationResult.authenticated("erin@example.org"), imap("erin", "erin-pw-2"));
        } finally {
            server.setPassword(dn, "erin-pw-1");
        }
    }

    @Test
    void whileNoDirectoryServerAnswersLoginsFailTemporarilyAndRecoverAfter() {
        server.stop();
        assertInstanceOf(AuthenticationResult.TemporarilyUnavailable.class, imap("alice", "alice-pw-1"));
        assertInstanceOf(AuthenticationResult.TemporarilyUnavailable.class, pop3("alice", "alice-pw-1"));
        assertInstanceOf(AuthenticationResult.TemporarilyUnavailable.class, smtp("alice", "alice-pw-1"));
        server.start();
        assertEquals(AuthenticationResult.authenticated("alice@example.org"), imap("alice", "alice-pw-1"));
    }

    @Test
    void membersOfTheAdminGroupDirectlyOrThroughANestedGroupAdministerTheRestApi() {
        assertTrue(administrator("alice", "alice-pw-1"), "alice is a member of the group");
        assertTrue(administrator("bob@example.org", "bob-pw-1"), "bob is a member of a group in the group");
        assertEquals(false, administrator("bob", "bob-pw-2"), "a wrong password");
        assertEquals(false, administrator("erin", "erin-pw-1"), "erin is in no group that leads to it");
        assertEquals(false, administrator("carol", "carol-pw-1"), "carol is a member, but disabled");
        server.stop();
        assertEquals(false, administrator("alice", "alice-pw-2"));
    }

    @Test
    void membersOfADomainsAdministratorsGroupDirectlyOrNestedAdministerThatDomainOnly() {
        UserAuthenticationService.Administration erin = administration("erin", "erin-pw-1");
        assertEquals(false, erin.global());
        assertEquals(Set.of("example.org", "other.example"), erin.domains(),
                "other.example directly, example.org through the helpdesk group");
        assertEquals(UserAuthenticationService.Administration.NONE, administration("erin", "erin-pw-2"));
        assertEquals(true, administration("alice", "alice-pw-1").global());
        assertEquals(UserAuthenticationService.Administration.NONE, administration("bob", "bob-pw-2"));
        assertEquals(Set.of("example.org", "other.example"),
                store.inTransaction(em -> authentication(em).administeredDomains("erin@example.org")));
        assertEquals(Set.of(), store.inTransaction(em -> authentication(em).administeredDomains("carol")),
                "disabled");
        server.stop();
        assertEquals(UserAuthenticationService.Administration.NONE, administration("erin", "erin-pw-3"));
    }

    @Test
    void aGrantOverRestIsKeptUnderThePrimaryAddressAndAddsToTheDomainsOfTheDirectoryGroups() {
        assertEquals(Optional.of("erin@example.org"), grantee("erin"));
        assertEquals(Optional.of("alice@example.org"), grantee("a.archer@example.org"),
                "a further address names its user");
        assertEquals(Optional.empty(), grantee("nobody"));
        store.inTransaction(em -> {
            JpaDomainRepository domains = new JpaDomainRepository(em);
            HostedDomain third = domains.add(new HostedDomain("third.example", Instant.now()));
            return domains.addAdministrator(third, "erin@example.org", Instant.now());
        });
        assertEquals(Set.of("example.org", "other.example", "third.example"),
                store.inTransaction(em -> authentication(em).administeredDomains("erin")),
                "the groups' two and the grant's one, whichever name erin logs in with");
        assertEquals(Set.of("example.org", "other.example", "third.example"),
                store.inTransaction(em -> authentication(em).administeredDomains("erin@example.org")));
        server.stop();
        RuntimeException unsure = assertThrows(RuntimeException.class, () -> grantee("zed"));
        assertInstanceOf(DirectoryUnavailableException.class, unsure.getCause(), "unsure is not nobody");
    }

    private Optional<String> grantee(String login) {
        return store.inTransaction(em -> {
            try {
                return authentication(em).grantee(login);
            } catch (DirectoryUnavailableException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aFailedBindOfAMailLoginAlsoDropsTheCachedAdministratorLogin() {
        assertTrue(administrator("alice", "alice-pw-1"));
        String dn = schema() == DirectorySchema.AD
                ? "cn=Alice Archer,ou=people,dc=example,dc=org"
                : "uid=alice,ou=people,dc=example,dc=org";
        server.setPassword(dn, "alice-pw-2");
        try {
            assertInstanceOf(AuthenticationResult.InvalidCredentials.class, imap("alice", "a guess"));
            assertEquals(false, administrator("alice", "alice-pw-1"),
                    "the old password is checked by the directory again, not taken from the cache");
        } finally {
            server.setPassword(dn, "alice-pw-1");
        }
    }

    // --- recipients

    @Test
    void rcptToAnyAddressOfADirectoryUserOrGroupIsAcceptedAndToADisabledOrUnknownOneRefused550()
            throws MailRejection {
        assertEquals(RecipientPolicy.Route.DIRECTORY, rcpt("sales@example.org"));
        assertEquals(RecipientPolicy.Route.DIRECTORY, rcpt("alice@example.org"));
        assertEquals(RecipientPolicy.Route.DIRECTORY, rcpt("all@example.org"));
        assertRefused(550, "5.1.1", "carol@example.org");
        assertRefused(550, "5.1.1", "nobody@example.org");
    }

    @Test
    void rcptToADisabledUserWithAMailboxIsRefused550() throws MailRejection {
        store.inTransaction(em -> UserAuthentications.mailboxes(new JpaAccountRepository(em),
                new JpaDomainRepository(em), new JpaFolderRepository(em))
                .ensure(EmailAddress.parse("carol@example.org"), Optional.empty()));
        assertRefused(550, "5.1.1", "carol@example.org");
    }

    @Test
    void aDirectoryUserWhoseMailboxExistsIsALocalUserForRcpt() throws MailRejection {
        assertEquals(AuthenticationResult.authenticated("bob@example.org"), imap("bob", "bob-pw-1"));
        assertEquals(RecipientPolicy.Route.LOCAL_USER, rcpt("bob@example.org"));
    }

    @Test
    void whileNoDirectoryServerAnswersRcptIsRefused451NeverWith550() throws MailRejection {
        store.addUser("dave");
        server.stop();
        assertRefused(451, "4.4.3", "sales@example.org");
        assertRefused(451, "4.4.3", "nobody@example.org");
        assertEquals(RecipientPolicy.Route.LOCAL_USER, rcpt("dave@example.org"),
                "a mailbox that exists takes mail while the directory is away");
    }

    // --- delivery

    @Test
    void mailToAFurtherAddressReachesThePrimaryMailboxCreatedAtItsFirstDelivery() {
        long job = queue("sales@example.org");
        assertTrue(deliver(job));
        assertEquals(1, inboxSize("alice@example.org"));
        assertEquals(List.of("Drafts", "INBOX", "Junk", "Sent", "Trash"), folders("alice@example.org"));
        assertEquals(QueueJob.State.DELIVERED, state(job));
    }

    @Test
    void mailToANestedGroupReachesEachEnabledMemberOnce() {
        long job = queue("all@example.org", "alice@example.org", "a.archer@example.org");
        assertTrue(deliver(job));
        assertEquals(1, inboxSize("alice@example.org"), "alice: directly, by a further address, through two groups");
        assertEquals(1, inboxSize("bob@example.org"), "bob: through the nested group");
        assertEquals(Optional.empty(), account("carol@example.org"), "carol is disabled: no mailbox, no mail");
    }

    @Test
    void aRecipientThatNeedsTheDirectoryWaitsThroughALongOutageWhileTheOthersAreDelivered() {
        String dave = store.addUser("dave");
        long job = queue("sales@example.org", dave);
        server.stop();
        // many more attempts than the broker's redeliveries (10): each is one the queue runner hands over
        for (int attempt = 1; attempt <= 12; attempt++) {
            assertEquals(false, deliver(job), "attempt " + attempt + " settles nothing");
            QueueJob waiting = job(job);
            assertEquals(QueueJob.State.QUEUED, waiting.getState(), "attempt " + attempt);
            assertEquals(attempt, waiting.getAttempts());
            assertTrue(waiting.getNextAttempt().isAfter(Instant.now().plus(Duration.ofMinutes(4))),
                    "the queue's schedule, not the broker, tries it again: " + waiting.getNextAttempt());
            String sales = recipient(waiting, "sales@example.org");
            assertTrue(sales.startsWith("PENDING 451 4.4.3"), sales);
        }
        assertEquals(1, inboxSize(dave), "the local user's copy did not wait for the directory, and came once");
        assertEquals("DELIVERED", recipient(job(job), dave));
        server.start();
        assertTrue(deliver(job));
        assertEquals(1, inboxSize("alice@example.org"));
        assertEquals(1, inboxSize(dave));
        assertEquals(QueueJob.State.DELIVERED, state(job));
    }

    @Test
    void aRecipientStillWaitingForTheDirectoryWhenTheQueueLifetimeEndsBouncesWith447AndAReport() {
        long job = queue("sales@example.org");
        server.stop();
        assertEquals(true, deliver(job, new RetrySchedule(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ZERO,
                Duration.ZERO)));
        QueueJob bounced = job(job);
        assertEquals(QueueJob.State.BOUNCED, bounced.getState());
        assertTrue(recipient(bounced, "sales@example.org").startsWith("BOUNCED 4.4.7"),
                () -> recipient(bounced, "sales@example.org"));
        assertEquals(1, reportsTo("bob@sender.example"), "the sender is told");
    }

    @Test
    void mailToAnExistingMailboxIsDeliveredWhileNoDirectoryServerAnswers() {
        assertEquals(AuthenticationResult.authenticated("bob@example.org"), imap("bob", "bob-pw-1"));
        long job = queue("bob@example.org");
        server.stop();
        assertTrue(deliver(job), "an address with an account is not asked of the directory");
        assertEquals(1, inboxSize("bob@example.org"));
    }

    // --- sync

    @Test
    void aUserWhoLeftTheDirectoryHasTheMailboxDisabledAndKeptBySyncAndIsRefusedUntilBack() throws MailRejection {
        assertEquals(AuthenticationResult.authenticated("erin@example.org"), imap("erin", "erin-pw-1"));
        assertTrue(deliver(queue("erin@example.org")));
        store.inTransaction(em -> UserAuthentications.mailboxes(new JpaAccountRepository(em),
                new JpaDomainRepository(em), new JpaFolderRepository(em))
                .ensure(EmailAddress.parse("carol@example.org"), Optional.empty()));
        String dn = schema() == DirectorySchema.AD
                ? "cn=Erin Evans,ou=people,dc=example,dc=org"
                : "uid=erin,ou=people,dc=example,dc=org";
        com.unboundid.ldap.sdk.Entry erin = server.delete(dn);
        try {
            SyncTask task = sync();
            assertEquals(SyncTask.State.DONE, task.state(), task.message());
            assertEquals(2, task.mailboxesDisabled(), "erin, who left, and carol, disabled in the directory");
            assertEquals(Optional.of(Disabled.NOT_IN_DIRECTORY),
                    account("erin@example.org").flatMap(Account::getDisabled).map(Disabled::reason));
            assertEquals(Optional.of(Disabled.DISABLED_IN_DIRECTORY),
                    account("carol@example.org").flatMap(Account::getDisabled).map(Disabled::reason));
            assertEquals(Optional.empty(), account("alice@example.org").flatMap(Account::getDisabled),
                    "alice's mailbox (created by the sync) is enabled");
            assertEquals(1, inboxSize("erin@example.org"), "the mailbox and its mail are kept");
            assertInstanceOf(AuthenticationResult.InvalidCredentials.class, imap("erin", "erin-pw-1"),
                    "refused, though the login cache and the directory look-ups still hold erin");
            assertRefused(550, "5.1.1", "erin@example.org");
            long job = queue("erin@example.org");
            assertTrue(deliver(job));
            assertEquals(QueueJob.State.BOUNCED, state(job), "mail queued before the sync is not delivered either");
            server.stop();
            assertRefused(550, "5.1.1", "erin@example.org");
            server.start();
            assertEquals(0, sync().mailboxesDisabled(), "a second sync changes nothing");
        } finally {
            server.add(erin);
        }
        SyncTask back = sync();
        assertEquals(1, back.mailboxesEnabled(), "erin is back");
        assertEquals(AuthenticationResult.authenticated("erin@example.org"), imap("erin", "erin-pw-1"));
        assertEquals(RecipientPolicy.Route.LOCAL_USER, rcpt("erin@example.org"));
    }

    @Test
    void aSyncThatCannotReadTheDirectoryDisablesNothing() {
        assertEquals(AuthenticationResult.authenticated("bob@example.org"), imap("bob", "bob-pw-1"));
        server.stop();
        SyncTask task = sync();
        assertEquals(SyncTask.State.FAILED, task.state());
        assertEquals(Optional.empty(), account("bob@example.org").flatMap(Account::getDisabled));
    }

    // --- helpers

    private SyncTask sync() {
        SyncTask task = new SyncTask(1, Instant.now());
        DirectorySync.run(corporate, users -> store.inTransaction(em -> mailboxes(em).provision(users)),
                (enabled, disabled, at) -> store.inTransaction(em -> mailboxes(em).reconcile(enabled, disabled, at)),
                task, Clock.systemUTC());
        return task;
    }

    private static DirectoryMailboxes mailboxes(EntityManager em) {
        return UserAuthentications.mailboxes(new JpaAccountRepository(em), new JpaDomainRepository(em),
                new JpaFolderRepository(em));
    }

    private UserAuthenticationService authentication(EntityManager em) {
        return UserAuthentications.over(new JpaAccountRepository(em), new JpaDomainRepository(em),
                new JpaFolderRepository(em), loginCache, corporate);
    }

    private UserAuthenticationService.Administration administration(String login, String password) {
        return store.inTransaction(em -> authentication(em).administration(login, password));
    }

    private boolean administrator(String login, String password) {
        return store.inTransaction(em -> authentication(em).administrator(login, password));
    }

    private AuthenticationResult imap(String login, String password) {
        return store.inTransaction(em -> MailboxServices.imap(authentication(em)).authenticate(CLIENT, false,
                new Credentials(login, password)));
    }

    private AuthenticationResult pop3(String login, String password) {
        return store.inTransaction(em -> MailboxServices.pop3(authentication(em)).authenticate(CLIENT, false,
                new Credentials(login, password)));
    }

    private AuthenticationResult smtp(String login, String password) {
        return store.inTransaction(em -> {
            AcceptanceService service = new AcceptanceService();
            service.authentication = authentication(em);
            return service.authenticate(new SessionContext("S1", CLIENT, Optional.of("client.example"), false,
                    Optional.empty(), MailProtocol.ESMTP), new Credentials(login, password));
        });
    }

    private RecipientPolicy.Route rcpt(String recipient) throws MailRejection {
        MailRejection[] refused = new MailRejection[1];
        RecipientPolicy.Route route = store.inTransaction(em -> {
            try {
                return StoreWiring.directory(em, StoreWiring.config("", false), corporate).policy()
                        .checkRecipient(ANONYMOUS, Optional.empty(), EmailAddress.parse(recipient), 0);
            } catch (MailRejection e) {
                refused[0] = e;
                return null;
            }
        });
        if (refused[0] != null) {
            throw refused[0];
        }
        return route;
    }

    private void assertRefused(int code, String enhanced, String recipient) {
        MailRejection e = assertThrows(MailRejection.class, () -> rcpt(recipient));
        assertEquals(code, e.code(), e::getMessage);
        assertEquals(enhanced, e.enhancedCode(), e::getMessage);
    }

    private long queue(String... recipients) {
        return store.inTransaction(em -> {
            long content = new JpaContentRepository(em).storeContentRow(MESSAGE.getBytes(StandardCharsets.US_ASCII),
                    Instant.now());
            return new JpaQueueRepository(em).addRow(new QueueRepository.NewJob("Q" + System.nanoTime(),
                    "bob@sender.example", content, MESSAGE.length(), "192.0.2.7", null, Instant.now(),
                    List.of(recipients)));
        });
    }

    private boolean deliver(long job) {
        return deliver(job, RetrySchedule.DEFAULT);
    }

    private boolean deliver(long job, RetrySchedule schedule) {
        return store.inTransaction(em -> StoreWiring.delivery(em, StoreWiring.config("", false, schedule),
                new JpaMessageRepository(em), new MailboxChangeNotifier() {
                    @Override
                    public void changed(MailboxKey mailboxKey) {
                    }
                }, corporate).deliver(job));
    }

    /** The job with its recipients read. */
    private QueueJob job(long job) {
        return store.inTransaction(em -> {
            QueueJob found = new JpaQueueRepository(em).find(job).orElseThrow();
            found.getRecipients().size();
            return found;
        });
    }

    /** A recipient's state and detail ({@code PENDING 451 4.4.3 <sales@example.org>: ...}). */
    private static String recipient(QueueJob job, String address) {
        QueueRecipient r = job.recipient(address).orElseThrow();
        return r.getState() + (r.getDetail() == null ? "" : " " + r.getDetail());
    }

    /** Reports (jobs from {@code <>}) to {@code address}. */
    private long reportsTo(String address) {
        return store.inTransaction(em -> em.createQuery(
                "SELECT COUNT(r) FROM QueueRecipient r WHERE r.address = :a AND r.job.sender IS NULL", Long.class)
                .setParameter("a", address).getSingleResult());
    }

    private QueueJob.State state(long job) {
        return store.inTransaction(em -> new JpaQueueRepository(em).find(job).orElseThrow().getState());
    }

    private Optional<Account> account(String address) {
        return store.inTransaction(em -> new JpaAccountRepository(em).find(address));
    }

    private List<String> folders(String address) {
        return store.inTransaction(em -> {
            Account a = new JpaAccountRepository(em).find(address).orElseThrow();
            return new JpaFolderRepository(em).folders(a).stream().map(f -> f.getName()).sorted().toList();
        });
    }

    private int inboxSize(String address) {
        return store.inTransaction(em -> {
            Account a = new JpaAccountRepository(em).find(address).orElseThrow();
            return new JpaMessageRepository(em)
                    .messages(new JpaFolderRepository(em).folder(a, "INBOX").orElseThrow(), 1, Long.MAX_VALUE)
                    .size();
        });
    }
}
