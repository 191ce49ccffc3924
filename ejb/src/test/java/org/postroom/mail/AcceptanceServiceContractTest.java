package org.postroom.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postroom.config.PostroomConfig;
import org.postroom.connector.api.Accepted;
import org.postroom.connector.api.Credentials;
import org.postroom.connector.api.MailParameters;
import org.postroom.connector.api.RecipientParameters;
import org.postroom.connector.api.MailAddress;
import org.postroom.connector.api.QueueIds;
import org.postroom.connector.api.RejectException;
import org.postroom.connector.api.ReversePath;
import org.postroom.connector.api.SmtpAcceptanceListener;
import org.postroom.domain.EmailAddress;
import org.postroom.protocol.smtp.SmtpAcceptanceListenerContract;
import org.postroom.service.LoginCache;
import org.postroom.service.UserAuthentications;
import org.postroom.store.QueueJob;
import org.postroom.store.db.DiskSync;
import org.postroom.store.db.H2Test;
import org.postroom.store.db.JpaAccountRepository;
import org.postroom.store.db.JpaAliasRepository;
import org.postroom.store.db.JpaContentRepository;
import org.postroom.store.db.JpaDomainRepository;
import org.postroom.store.db.JpaImapListener;
import org.postroom.store.db.JpaQueueRepository;

/**
 * The SMTP listener contract run against {@link AcceptanceService} (what the SMTP beans are) outside the container:
 * each call with the transaction its annotation asks for (none for {@code accept}, whose {@link Outbox} commits in a
 * transaction of its own), over the JPA repositories, the real user authentication and disk sync, and a fresh H2
 * database. Only the hand-off to the broker (JMS) is a stand-in, which records the job ids.
 */
class AcceptanceServiceContractTest extends SmtpAcceptanceListenerContract {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final long MAX_MESSAGE_BYTES = 10_000_000;

    private final String url = H2Test.freshUrl("smtp" + DATABASES.incrementAndGet());
    private final JpaImapListener store = new JpaImapListener(url, "postroom", "");
    private final String alice = store.addUser("alice");
    private final PostroomConfig config = new PostroomConfig() {
        @Override
        public String relayNetworks() {
            return "127.0.0.0/8";
        }

        @Override
        public long maxMessageBytes() {
            return MAX_MESSAGE_BYTES;
        }

        @Override
        public boolean quotaHard() {
            return false;
        }

        @Override
        public long inflowBacklog() {
            return 20;
        }

        @Override
        public long inflowMaxDelayMillis() {
            return 1000;
        }

        @Override
        public long acceptMemoryBudgetBytes() {
            return 64L << 20;
        }

        @Override
        public String hostname() {
            return "mail.example.org";
        }
    };
    /** What lives once per server: the backlog, the pending jobs, the login cache, the disk sync. */
    private final DeliveryBacklog backlog = new DeliveryBacklog();
    private final PendingDeliveries pending = new PendingDeliveries();
    private final LoginCache loginCache = UserAuthentications.loginCache(300);
    private final DiskSync diskSync = H2Test.diskSync(url);
    /** The job ids handed to the broker, in order. */
    private final List<Long> toBroker = Collections.synchronizedList(new ArrayList<>());
    private final DeliveryDispatcher dispatcher = new DeliveryDispatcher() {
        @Override
        public void handOffLater(long jobId) {
            toBroker.add(jobId);
        }
    };
    /** The outbox as the container runs it: REQUIRES_NEW, committed when {@code enqueue} returns. */
    private final Outbox outbox = new Outbox() {
        @Override
        public Enqueued enqueue(SmtpSessionInfo session, String queueId, Optional<EmailAddress> sender,
                List<EmailAddress> recipients, byte[] data, EnvelopeDsn dsn) throws MailRejection {
            try {
                return store.inTransaction(em -> {
                    try {
                        return outbox(em).enqueue(session, queueId, sender, recipients, data, dsn);
                    } catch (MailRejection e) {
                        throw new Thrown(e);
                    }
                });
            } catch (Thrown t) {
                throw (MailRejection) t.getCause();
            }
        }
    };
    private final SmtpAcceptanceListener listener = (SmtpAcceptanceListener) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[]{SmtpAcceptanceListener.class}, (proxy, method, args) -> {
                try {
                    return notSupported(method)
                            ? store.withoutTransaction(em -> call(em, method, args))
                            : store.inTransaction(em -> call(em, method, args)); // an exception rolls back
                } catch (Thrown t) {
                    throw t.getCause();
                }
            });

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    protected SmtpAcceptanceListener listener() {
        return listener;
    }

    @Override
    protected Credentials credentials() {
        return new Credentials(alice, JpaImapListener.PASSWORD);
    }

    @Override
    protected String userName() {
        return alice;
    }

    @Override
    protected MailAddress localRecipient() {
        return new MailAddress("alice", "example.org");
    }

    @Override
    protected MailAddress unknownRecipient() {
        return new MailAddress("nobody", "example.org");
    }

    @Override
    protected MailAddress remoteRecipient() {
        return new MailAddress("carol", "remote.test");
    }

    @Override
    protected byte[] accepted(String queueId) {
        return store.inTransaction(em -> new JpaQueueRepository(em).find(queueId)
                .orElseThrow(() -> new AssertionError("no job " + queueId)).getContent().getData());
    }

    // --- what AcceptanceService does beyond the contract

    @Test
    void anAcceptedMessageIsACommittedJobHandedToTheBrokerAndCountedAsBacklog() throws Exception {
        byte[] content = "Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        String queueId = QueueIds.next();
        Accepted accepted = listener.accept(session(Optional.empty()), queueId,
                ReversePath.of(new MailAddress("bob", "sender.example")),
                List.of(localRecipient(), remoteRecipient()), new ByteArrayInputStream(content), content.length);
        assertEquals(queueId, accepted.queueId(), "a well-formed queue id of the session is kept");
        long jobId = store.inTransaction(em -> {
            QueueJob job = new JpaQueueRepository(em).find(queueId).orElseThrow();
            assertEquals(QueueJob.State.QUEUED, job.getState());
            assertEquals(List.of(alice, "carol@remote.test"),
                    job.getRecipients().stream().map(r -> r.getAddress()).toList());
            assertEquals(Optional.of("bob@sender.example"), job.getSender());
            assertEquals(CLIENT_IP, job.getClientAddress());
            return job.getId();
        });
        assertEquals(List.of(jobId), toBroker);
        assertEquals(List.of(jobId), pending.takeOldest(10), "offered to a delivery running meanwhile");
        assertEquals(1, backlog.size());
    }

    @Test
    void aDatabaseThatRefusesWritesFailsTheAcceptSoTheClientGets451AndNothingIsHalfStored() throws Exception {
        // issue 14, faults that lose nothing: the database made read-only or full under the server refuses the
        // outbox's commit; accept must fail with a temporary error (the engine answers 451 4.3.0), never return
        byte[] content = "Subject: during the fault\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        long contentsBefore = count("PR_CONTENT");
        sql("ALTER TABLE PR_QUEUE_JOB ADD CONSTRAINT FAULT_NO_WRITES CHECK (ID < 0) NOCHECK");
        String queueId = QueueIds.next();
        Exception e = assertThrows(Exception.class,
                () -> listener.accept(session(Optional.empty()), queueId,
                        ReversePath.of(new MailAddress("bob", "sender.example")), List.of(localRecipient()),
                        new ByteArrayInputStream(content), content.length));
        assertTrue(!(e instanceof RejectException r) || r.code() / 100 == 4, "a temporary failure: " + e);
        assertEquals(contentsBefore, count("PR_CONTENT"), "the content row is rolled back with the job");
        assertTrue(store.inTransaction(em -> new JpaQueueRepository(em).find(queueId)).isEmpty());
        assertEquals(List.of(), toBroker, "nothing was handed to the broker");

        sql("ALTER TABLE PR_QUEUE_JOB DROP CONSTRAINT FAULT_NO_WRITES"); // the database is back
        String retried = QueueIds.next();
        listener.accept(session(Optional.empty()), retried, ReversePath.of(new MailAddress("bob", "sender.example")),
                List.of(localRecipient()), new ByteArrayInputStream(content), content.length);
        assertTrue(store.inTransaction(em -> new JpaQueueRepository(em).find(retried)).isPresent());
        assertEquals(1, toBroker.size());
    }

    private void sql(String statement) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "postroom", "");
                java.sql.Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private long count(String table) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "postroom", "");
                java.sql.Statement s = c.createStatement();
                java.sql.ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    // --- submission (RFC 6409): who an authenticated user may send as

    @Test
    void anAuthenticatedUserMaySendAsItselfItsAliasesAndItsGrantsOnly() throws Exception {
        store.inTransaction(em -> new JpaAliasRepository(em).add(new org.postroom.store.Alias("team@example.org",
                new JpaDomainRepository(em).find("example.org").orElseThrow(), List.of(alice),
                java.time.Instant.now())));
        store.inTransaction(em -> {
            new org.postroom.store.db.JpaAccountRepository(em).find(alice).orElseThrow()
                    .setSendAs(List.of("boss@example.org"));
            return null;
        });
        org.postroom.connector.api.SessionContext user = session(Optional.of(alice));
        for (String own : new String[]{alice, "team@example.org", "Boss@Example.org"}) {
            listener.checkSender(user, ReversePath.of(mail(own)), MailParameters.NONE);
        }
        listener.checkSender(user, ReversePath.NULL, MailParameters.NONE);
        RejectException e = assertThrows(RejectException.class,
                () -> listener.checkSender(user, ReversePath.of(mail("dave@example.org")), MailParameters.NONE));
        assertEquals(553, e.code());
        assertEquals("5.7.1", e.enhancedCode());
        listener.checkSender(session(Optional.empty()), ReversePath.of(mail("dave@example.org")), MailParameters.NONE);
    }

    @Test
    void submissionRefusesAFromFieldTheUserMayNotUseAndAddsDateAndMessageIdWhenMissing() throws Exception {
        org.postroom.connector.api.SessionContext user = session(Optional.of(alice));
        byte[] forged = "From: boss@bank.example\r\nSubject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        RejectException e = assertThrows(RejectException.class, () -> listener.accept(user, QueueIds.next(),
                ReversePath.of(mail(alice)), List.of(remoteRecipient()), new ByteArrayInputStream(forged),
                forged.length));
        assertEquals(553, e.code());
        byte[] content = ("From: Alice <" + alice + ">\r\nSubject: hi\r\n\r\nbody\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        String queueId = QueueIds.next();
        listener.accept(user, queueId, ReversePath.of(mail(alice)), List.of(remoteRecipient()),
                new ByteArrayInputStream(content), content.length);
        String stored = store.inTransaction(em -> new String(new JpaQueueRepository(em).find(queueId).orElseThrow()
                .getContent().getData(), StandardCharsets.US_ASCII));
        assertTrue(stored.startsWith("From: Alice <" + alice + ">\r\nSubject: hi\r\nDate: "), stored);
        assertTrue(stored.endsWith("\r\nMessage-ID: <" + queueId + "@mail.example.org>\r\n\r\nbody\r\n"), stored);
    }

    private static MailAddress mail(String address) {
        int at = address.lastIndexOf('@');
        return new MailAddress(address.substring(0, at), address.substring(at + 1));
    }

    @Test
    void theDsnParametersOfMailAndEachRcptAreKeptWithTheJobForItsReports() throws Exception {
        byte[] content = "Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        String queueId = QueueIds.next();
        listener.accept(session(Optional.empty()), queueId, ReversePath.of(new MailAddress("bob", "sender.example")),
                new MailParameters(java.util.OptionalLong.empty(), Optional.empty(), Optional.of("HDRS"),
                        Optional.of("env-7")),
                List.of(localRecipient(), remoteRecipient()),
                List.of(new RecipientParameters(Optional.of("SUCCESS,FAILURE"), Optional.of("rfc822;Al@example.org")),
                        RecipientParameters.NONE),
                new ByteArrayInputStream(content), content.length);
        store.inTransaction(em -> {
            QueueJob job = new JpaQueueRepository(em).find(queueId).orElseThrow();
            assertEquals(Optional.of("HDRS"), job.getRet());
            assertEquals(Optional.of("env-7"), job.getEnvelopeId());
            assertEquals(Optional.of("SUCCESS,FAILURE"), job.recipient(alice).orElseThrow().getNotify());
            assertEquals(Optional.of("rfc822;Al@example.org"),
                    job.recipient(alice).orElseThrow().getOriginalRecipient());
            assertEquals(Optional.empty(), job.recipient("carol@remote.test").orElseThrow().getNotify());
            return null;
        });
    }

    @Test
    void aMessageOverTheServersLimitIsRefusedWith552_5_3_4AndNothingIsStored() {
        RejectException e = assertThrows(RejectException.class,
                () -> listener.accept(session(Optional.empty()), QueueIds.next(), ReversePath.NULL,
                        List.of(localRecipient()), new ByteArrayInputStream(new byte[0]), MAX_MESSAGE_BYTES + 1));
        assertEquals(552, e.code());
        assertEquals("5.3.4", e.enhancedCode());
        assertEquals(0L, (long) store.inTransaction(em -> new JpaQueueRepository(em).countQueued()));
        assertEquals(List.of(), toBroker);
        assertEquals(0, backlog.size());
    }

    @Test
    void anAliasOfAHostedDomainIsTakenAtRcptAndExpandedOnlyAtDelivery() throws Exception {
        store.inTransaction(em -> new JpaAliasRepository(em).add(new org.postroom.store.Alias("team@example.org",
                new JpaDomainRepository(em).find("example.org").orElseThrow(), List.of(alice),
                java.time.Instant.now())));
        listener.checkRecipient(session(Optional.empty()), ReversePath.NULL, MailParameters.NONE,
                new MailAddress("team", "example.org"));
    }

    // --- the container's part

    private static boolean notSupported(Method listenerMethod) throws NoSuchMethodException {
        TransactionAttribute attribute = AcceptanceService.class
                .getMethod(listenerMethod.getName(), listenerMethod.getParameterTypes())
                .getAnnotation(TransactionAttribute.class);
        return attribute != null && attribute.value() == TransactionAttributeType.NOT_SUPPORTED;
    }

    private Object call(EntityManager em, Method method, Object[] args) {
        try {
            return method.invoke(service(em), args);
        } catch (InvocationTargetException e) {
            throw new Thrown(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bean as the container builds it for one call: its injected parts bound to {@code em}'s transaction. */
    private AcceptanceService service(EntityManager em) {
        AcceptanceService service = new AcceptanceService();
        service.directory = directory(em);
        service.config = config;
        service.outbox = outbox;
        service.dispatcher = dispatcher;
        service.backlog = backlog;
        service.pending = pending;
        service.diskSync = diskSync;
        service.authentication = UserAuthentications.over(new JpaAccountRepository(em), loginCache);
        return service;
    }

    private StoreDirectory directory(EntityManager em) {
        return StoreWiring.directory(em, config);
    }

    private Outbox outbox(EntityManager em) {
        Outbox real = new Outbox();
        real.directory = directory(em);
        real.contents = new JpaContentRepository(em);
        real.queue = new JpaQueueRepository(em);
        return real;
    }

    /** Carries a checked exception out of a transaction's lambda. */
    private static final class Thrown extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Thrown(Throwable cause) {
            super(cause);
        }
    }
}
