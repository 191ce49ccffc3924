package org.postroom.mail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postroom.config.PostroomConfig;
import org.postroom.connector.api.BodyType;
import org.postroom.connector.api.imap.MailboxKey;
import org.postroom.connector.api.outbound.OutboundSmtpConnection;
import org.postroom.connector.api.outbound.OutboundSmtpConnectionFactory;
import org.postroom.connector.api.outbound.OutboundTransaction;
import org.postroom.connector.api.outbound.RecipientOutcome;
import org.postroom.connector.api.outbound.RemoteHost;
import org.postroom.connector.api.outbound.TlsPolicy;
import org.postroom.connector.api.outbound.TransactionOutcome;
import org.postroom.dkim.DkimKeyVault;
import org.postroom.dkim.DkimKeyring;
import org.postroom.domain.RetrySchedule;
import org.postroom.model.dkim.PythonDkim;
import org.postroom.messaging.MailboxChangeNotifier;
import org.postroom.outbound.MxResolver;
import org.postroom.outbound.Router;
import org.postroom.store.QueueJob;
import org.postroom.store.QueueRecipient;
import org.postroom.store.QueueRepository;
import org.postroom.store.db.JpaContentRepository;
import org.postroom.store.db.JpaDkimKeyRepository;
import org.postroom.store.db.JpaDomainRepository;
import org.postroom.store.db.JpaImapListener;
import org.postroom.store.db.JpaMessageRepository;
import org.postroom.store.db.JpaQueueRepository;

/**
 * The queue after local delivery, on the real beans outside the container over an in-memory H2 database: claiming
 * due recipients, {@link OutboundSender} with a fake outbound client and a fake DNS, and {@link QueueLife} recording
 * the outcomes with the retry schedule and the reports. {@code example.org} is hosted.
 */
class OutboundQueueTest {

    private static final String MESSAGE = "From: alice@example.org\r\nTo: x@one.test\r\nSubject: out\r\n\r\nbody\r\n";

    private final JpaImapListener store = new JpaImapListener();
    private final String alice = store.addUser("alice");
    private RetrySchedule schedule = RetrySchedule.DEFAULT;
    /** The transactions the fake client was given, and how it answers them. */
    private final List<OutboundTransaction> sent = new ArrayList<>();
    private Function<OutboundTransaction, CompletionStage<TransactionOutcome>> answer = OutboundQueueTest::allDelivered;
    /** The fake DNS: domain → MX targets; target → address. */
    private final Map<String, MxResolver.Answer<List<MxResolver.Mx>>> mx = new java.util.HashMap<>();

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void remoteRecipientsAreSentOneTransactionPerDomainAndRecordedDelivered() {
        mx("one.test", "mx.one.test");
        mx("two.test", "mx.two.test");
        long job = deliveredLocally("x@one.test", "y@one.test", "z@two.test");
        run();
        assertEquals(2, sent.size(), "one transaction per domain");
        OutboundTransaction one = sent.get(0);
        assertEquals(List.of("x@one.test", "y@one.test"), one.recipients().stream().map(r -> r.address()).toList());
        assertEquals("alice@example.org", one.reversePath());
        assertEquals("mail.example.org", one.heloName());
        assertEquals(TlsPolicy.OPPORTUNISTIC, one.tls());
        assertEquals(BodyType.SEVEN_BIT, one.body());
        assertEquals("mx.one.test", one.hosts().get(0).name());
        assertEquals(25, one.hosts().get(0).port());
        assertEquals(MESSAGE, read(one));
        QueueRecipient x = recipient(job, "x@one.test");
        assertEquals(QueueRecipient.State.DELIVERED, x.getState());
        assertEquals("250 2.0.0 Ok: queued as 4Xy", x.getDetail());
        assertEquals("mx.one.test[192.0.2.1]:25", x.getRemoteHost());
        assertEquals(1, x.getAttempts());
        assertEquals(QueueJob.State.DELIVERED, state(job));
    }

    @Test
    void aTemporaryFailureDefersWithTheScheduleAndIsNotDueAgainBeforeItsNextAttempt() {
        mx("one.test", "mx.one.test");
        answer = t -> outcome(t, RecipientOutcome.Status.DEFERRED, "451 4.7.1 try later");
        long job = deliveredLocally("x@one.test");
        Instant before = Instant.now();
        run();
        QueueRecipient x = recipient(job, "x@one.test");
        assertEquals(QueueRecipient.State.DEFERRED, x.getState());
        assertEquals("451 4.7.1 try later", x.getDetail());
        assertFalse(x.getNextAttempt().isBefore(before.plus(Duration.ofMinutes(5))));
        assertEquals(QueueJob.State.WAITING, state(job));
        run();
        assertEquals(1, sent.size(), "not due yet");
        answer = OutboundQueueTest::allDelivered;
        runAt(Instant.now().plus(Duration.ofMinutes(6)));
        assertEquals(2, sent.size(), "the next attempt");
        assertEquals(QueueJob.State.DELIVERED, state(job));
        assertEquals(2, recipient(job, "x@one.test").getAttempts());
    }

    @Test
    void aPermanentFailureBouncesWithAFailureReportToTheSendersInbox() {
        mx("one.test", "mx.one.test");
        answer = t -> outcome(t, RecipientOutcome.Status.FAILED, "550 5.1.1 no such user");
        long job = deliveredLocally("x@one.test");
        run();
        assertEquals(QueueRecipient.State.BOUNCED, recipient(job, "x@one.test").getState());
        assertEquals(QueueJob.State.BOUNCED, state(job));
        String report = reportTo(alice);
        assertTrue(report.contains("Action: failed\r\nStatus: 5.1.1\r\nRemote-MTA: dns; mx.one.test\r\n"
                + "Diagnostic-Code: smtp; 550 5.1.1 no such user"), report);
    }

    @Test
    void aNullMxBouncesWith5_1_10WithoutTryingAnyHost() {
        mx.put("null.test", new MxResolver.Answer.Found<>(List.of(new MxResolver.Mx(0, ""))));
        long job = deliveredLocally("x@null.test");
        run();
        assertEquals(List.of(), sent);
        QueueRecipient x = recipient(job, "x@null.test");
        assertEquals(QueueRecipient.State.BOUNCED, x.getState());
        assertTrue(x.getDetail().startsWith("550 5.1.10 "), x.getDetail());
    }

    @Test
    void aDnsFailureForNowDefersAndNeverBounces() {
        mx.put("flaky.test", new MxResolver.Answer.TryAgain<>("timed out"));
        long job = deliveredLocally("x@flaky.test");
        run();
        QueueRecipient x = recipient(job, "x@flaky.test");
        assertEquals(QueueRecipient.State.DEFERRED, x.getState());
        assertTrue(x.getDetail().startsWith("451 4.4.3 "), x.getDetail());
    }

    @Test
    void theQueueLifetimeEndsInABounceWithReportAndADelayWarningComesOnce() {
        schedule = new RetrySchedule(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofHours(10),
                Duration.ofHours(4));
        mx("one.test", "mx.one.test");
        answer = t -> outcome(t, RecipientOutcome.Status.DEFERRED, "451 4.4.1 connection refused");
        long job = deliveredLocally("x@one.test");
        Instant accepted = Instant.now();
        run();
        runAt(accepted.plus(Duration.ofHours(5)));
        assertTrue(reportTo(alice).contains("Action: delayed"), "the delay warning");
        runAt(accepted.plus(Duration.ofHours(6)));
        assertEquals(1, reports(alice).size(), "one delay warning");
        runAt(accepted.plus(Duration.ofHours(10)).plusSeconds(1));
        QueueRecipient x = recipient(job, "x@one.test");
        assertEquals(QueueRecipient.State.BOUNCED, x.getState());
        assertTrue(x.getDetail().startsWith("4.4.7 delivery time expired"), x.getDetail());
        assertEquals(2, reports(alice).size(), "the failure report after the warning");
    }

    @Test
    void aClaimIsALeaseSoASecondRunnerDoesNotSendTheSameRecipientsAgain() {
        mx("one.test", "mx.one.test");
        CompletableFuture<TransactionOutcome> never = new CompletableFuture<>();
        answer = t -> never; // the remote host has not answered yet
        long job = deliveredLocally("x@one.test");
        run();
        run();
        assertEquals(1, sent.size());
        assertEquals(QueueRecipient.State.QUEUED, recipient(job, "x@one.test").getState());
        runAt(Instant.now().plus(QueueLife.OUTBOUND_LEASE).plusSeconds(1));
        assertEquals(2, sent.size(), "after the lease the work is taken again (its claimant may have died)");
    }

    @Test
    void withoutTheOutboundClientTheMailWaits() {
        mx("one.test", "mx.one.test");
        long job = deliveredLocally("x@one.test");
        run(null);
        assertEquals(QueueRecipient.State.DEFERRED, recipient(job, "x@one.test").getState());
        assertTrue(recipient(job, "x@one.test").getDetail().startsWith("451 4.3.0 the outbound SMTP client"));
    }

    @Test
    void theSmartHostTakesEveryDomainWithTlsRequiredWhenItHasALogin() throws IOException {
        long job = deliveredLocally("x@one.test", "z@two.test");
        smartHost = Optional.of(Router.SmartHost.parse("192.0.2.9:587", Optional.of("relay"), Optional.of("pw")));
        run();
        assertEquals(2, sent.size());
        for (OutboundTransaction t : sent) {
            assertEquals(List.of(new RemoteHost("192.0.2.9", InetAddress.getByAddress(new byte[]{(byte) 192, 0, 2,
                    9}), 587)).toString(), t.hosts().toString());
            assertEquals(TlsPolicy.Mode.REQUIRED, t.tls().mode());
            assertEquals("relay", t.login().orElseThrow().user());
        }
        assertEquals(QueueJob.State.DELIVERED, state(job));
    }

    // --- the administrator's actions

    @Test
    void aHeldMessageIsNotTriedUntilReleasedAndThenAtOnce() {
        mx("one.test", "mx.one.test");
        answer = t -> outcome(t, RecipientOutcome.Status.DEFERRED, "451 4.4.1 connection refused");
        long job = deliveredLocally("x@one.test");
        run();
        assertEquals(1, apply(job, QueueLife.Action.HOLD));
        assertEquals(QueueJob.State.HELD, state(job));
        assertEquals(QueueRecipient.State.HELD, recipient(job, "x@one.test").getState());
        runAt(Instant.now().plus(Duration.ofHours(2)));
        assertEquals(1, sent.size(), "held: not tried");
        assertEquals(0, apply(job, QueueLife.Action.HOLD), "nothing more to hold");
        answer = OutboundQueueTest::allDelivered;
        assertEquals(1, apply(job, QueueLife.Action.RELEASE));
        assertEquals(QueueRecipient.State.DEFERRED, recipient(job, "x@one.test").getState());
        run();
        assertEquals(2, sent.size(), "tried at once after the release");
        assertEquals(QueueJob.State.DELIVERED, state(job));
    }

    @Test
    void retryAndFlushMakeDeferredRecipientsDueNow() {
        mx("one.test", "mx.one.test");
        answer = t -> outcome(t, RecipientOutcome.Status.DEFERRED, "451 4.4.1 connection refused");
        long first = deliveredLocally("x@one.test");
        long second = deliveredLocally("y@one.test");
        run();
        assertEquals(2, sent.size());
        assertEquals(1, apply(first, QueueLife.Action.RETRY));
        run();
        assertEquals(3, sent.size(), "the retried one only");
        int flushed = store.inTransaction(em -> life(em).flush("admin", Instant.now()));
        assertEquals(2, flushed);
        run();
        assertEquals(5, sent.size(), "both after the flush");
        assertTrue(second > first);
    }

    @Test
    void bounceFailsTheWaitingRecipientsWithAReportAndDropRemovesThemSilently() {
        mx("one.test", "mx.one.test");
        answer = t -> outcome(t, RecipientOutcome.Status.DEFERRED, "451 4.4.1 connection refused");
        long bounced = deliveredLocally("x@one.test");
        long dropped = deliveredLocally("y@one.test");
        run();
        assertEquals(1, apply(bounced, QueueLife.Action.BOUNCE));
        assertEquals(QueueJob.State.BOUNCED, state(bounced));
        assertTrue(recipient(bounced, "x@one.test").getDetail().contains("by the administrator admin"));
        assertTrue(reportTo(alice).contains("Action: failed"));
        assertEquals(1, apply(dropped, QueueLife.Action.DROP));
        assertEquals(QueueJob.State.DROPPED, state(dropped));
        assertEquals(1, reports(alice).size(), "a dropped message causes no report");
        assertEquals(0, apply(dropped, QueueLife.Action.BOUNCE), "nothing waits any more");
        runAt(Instant.now().plus(Duration.ofHours(2)));
        assertEquals(2, sent.size(), "neither is tried again");
    }

    @Test
    void anOutcomeForARecipientHeldWhileItsAttemptRanIsKeptOnlyWhenItWasDelivered() {
        mx("one.test", "mx.one.test");
        CompletableFuture<TransactionOutcome> later = new CompletableFuture<>();
        answer = t -> later;
        long job = deliveredLocally("x@one.test");
        run();
        apply(job, QueueLife.Action.HOLD);
        store.inTransaction(em -> {
            life(em).recordOutcomes(job, List.of("x@one.test"), List.of(new RecipientOutcome("x@one.test",
                    RecipientOutcome.Status.DEFERRED, "451 4.4.1 later", Optional.empty())), Instant.now());
            return null;
        });
        assertEquals(QueueRecipient.State.HELD, recipient(job, "x@one.test").getState(), "the hold stands");
    }

    @Test
    void mailFromAHostedDomainWithAKeyLeavesSignedAndARetrySendsTheSameBytes() throws Exception {
        mx("one.test", "mx.one.test");
        String txt = dkimKey("example.org", "sel1", StoreWiring.VAULT);
        answer = t -> outcome(t, RecipientOutcome.Status.DEFERRED, "451 4.7.1 try later");
        long job = deliveredLocally("x@one.test");
        run();
        answer = OutboundQueueTest::allDelivered;
        runAt(Instant.now().plus(Duration.ofMinutes(6)));
        assertEquals(2, sent.size());
        assertEquals(QueueJob.State.DELIVERED, state(job));
        byte[] first = bytes(sent.get(0));
        assertArrayEquals(first, bytes(sent.get(1)), "the retry sent other bytes");
        String text = new String(first, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org;"), text);
        assertTrue(text.endsWith(MESSAGE), "the stored message follows the signature unchanged");
        assertEquals(first.length, sent.get(0).content().size());
        PythonDkim.Verdict v = PythonDkim.verify(first, "sel1", "example.org", txt);
        assertTrue(v.ok(), text + "\n" + v.output());
    }

    @Test
    void afterARotationTheNextAttemptIsSignedWithTheNewSelectorOnly() throws Exception {
        mx("one.test", "mx.one.test");
        String oldTxt = dkimKey("example.org", "old", StoreWiring.VAULT);
        answer = t -> outcome(t, RecipientOutcome.Status.DEFERRED, "451 4.7.1 try later");
        deliveredLocally("x@one.test");
        run();
        String newTxt = dkimKey("example.org", "new", StoreWiring.VAULT);
        runAt(Instant.now().plus(Duration.ofMinutes(6)));
        byte[] before = bytes(sent.get(0));
        byte[] after = bytes(sent.get(1));
        assertTrue(PythonDkim.verify(before, "old", "example.org", oldTxt).ok());
        assertTrue(PythonDkim.verify(after, "new", "example.org", newTxt).ok());
        assertFalse(new String(after, StandardCharsets.UTF_8).contains("s=old;"));
    }

    @Test
    void aForeignFromIsSignedByTheHostedEnvelopeSendersDomainAndNoKeyMeansUnsigned() throws Exception {
        mx("one.test", "mx.one.test");
        String foreign = "From: list@lists.other.test\r\nTo: x@one.test\r\nSubject: via\r\n\r\nbody\r\n";
        deliveredMessageLocally(foreign, "x@one.test");
        run();
        assertEquals(foreign, read(sent.get(0)), "example.org has no key yet: unsigned");
        String txt = dkimKey("example.org", "sel1", StoreWiring.VAULT);
        deliveredMessageLocally(foreign, "y@one.test");
        run();
        byte[] signed = bytes(sent.get(1));
        assertTrue(new String(signed, StandardCharsets.UTF_8).contains(" d=example.org;"));
        assertTrue(PythonDkim.verify(signed, "sel1", "example.org", txt).ok());
    }

    @Test
    void mailFromOutsideThatAnAliasForwardsIsNotSignedEvenWithAHostedFrom() {
        mx("one.test", "mx.one.test");
        dkimKey("example.org", "sel1", StoreWiring.VAULT);
        String forged = "From: ceo@example.org\r\nTo: x@one.test\r\nSubject: wire the money\r\n\r\nnow\r\n";
        long job = store.inTransaction(em -> {
            long content = new JpaContentRepository(em).storeContentRow(forged.getBytes(StandardCharsets.US_ASCII),
                    Instant.now());
            return new JpaQueueRepository(em).addRow(new QueueRepository.NewJob("Q" + System.nanoTime(),
                    "someone@outside.test", content, forged.length(), "198.51.100.9", null, Instant.now(),
                    List.of("x@one.test")));
        });
        store.inTransaction(em -> StoreWiring.delivery(em, config(), new JpaMessageRepository(em),
                new MailboxChangeNotifier() {
                    @Override
                    public void changed(MailboxKey key) {
                    }
                }).deliver(job));
        run();
        assertEquals(forged, read(sent.get(0)), "unauthenticated mail from outside must not carry our signature");
    }

    @Test
    void aKeyThatDoesNotOpenLetsTheMailLeaveUnsignedInsteadOfStoppingIt() {
        mx("one.test", "mx.one.test");
        byte[] otherMaster = new byte[32];
        otherMaster[0] = 9;
        dkimKey("example.org", "sel1", new DkimKeyVault(otherMaster));
        long job = deliveredLocally("x@one.test");
        run();
        assertEquals(MESSAGE, read(sent.get(0)));
        assertEquals(QueueJob.State.DELIVERED, state(job));
    }

    /** Makes a new active DKIM key for the hosted {@code domain}, sealed by {@code vault}; returns its TXT record. */
    private String dkimKey(String domain, String selector, DkimKeyVault vault) {
        return store.inTransaction(em -> DkimKeyring.txtRecord(new DkimKeyring(new JpaDkimKeyRepository(em), config(),
                vault).generate(new JpaDomainRepository(em).find(domain).orElseThrow(), Optional.of(selector),
                        Optional.empty(), Instant.now())));
    }

    private static byte[] bytes(OutboundTransaction t) {
        try (InputStream in = t.content().open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    // --- the fixture

    private Optional<Router.SmartHost> smartHost = Optional.empty();

    private void mx(String domain, String target) {
        mx.put(domain, new MxResolver.Answer.Found<>(List.of(new MxResolver.Mx(10, target))));
    }

    private final MxResolver.Dns dns = new MxResolver.Dns() {
        @Override
        public MxResolver.Answer<List<MxResolver.Mx>> mx(String name) {
            return mx.getOrDefault(name, new MxResolver.Answer.NoSuchName<>());
        }

        @Override
        public MxResolver.Answer<List<InetAddress>> addresses(String name) {
            try {
                return new MxResolver.Answer.Found<>(List.of(InetAddress.getByAddress(name, new byte[]{(byte) 192, 0,
                        2, 1})));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    };

    private static CompletionStage<TransactionOutcome> allDelivered(OutboundTransaction t) {
        return outcome(t, RecipientOutcome.Status.DELIVERED, "250 2.0.0 Ok: queued as 4Xy");
    }

    private static CompletionStage<TransactionOutcome> outcome(OutboundTransaction t, RecipientOutcome.Status status,
            String reply) {
        String host = t.hosts().get(0).toString();
        return CompletableFuture.completedFuture(new TransactionOutcome(Optional.of(host), false, t.recipients()
                .stream().map(r -> new RecipientOutcome(r.address(), status, reply, Optional.of(host))).toList()));
    }

    private final OutboundSmtpConnectionFactory client = () -> new OutboundSmtpConnection() {
        @Override
        public CompletionStage<TransactionOutcome> send(OutboundTransaction transaction) {
            sent.add(transaction);
            return answer.apply(transaction);
        }

        @Override
        public void close() {
        }
    };

    private static String read(OutboundTransaction t) {
        try (InputStream in = t.content().open()) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Queues a message from alice to these remote recipients and delivers it locally (they become QUEUED). */
    private long deliveredLocally(String... recipients) {
        return deliveredMessageLocally(MESSAGE, recipients);
    }

    private long deliveredMessageLocally(String message, String... recipients) {
        long job = store.inTransaction(em -> {
            long content = new JpaContentRepository(em).storeContentRow(message.getBytes(StandardCharsets.UTF_8),
                    Instant.now());
            return new JpaQueueRepository(em).addRow(new QueueRepository.NewJob("Q" + System.nanoTime(), alice,
                    content, message.length(), "192.0.2.7", alice, Instant.now(), List.of(recipients)));
        });
        store.inTransaction(em -> StoreWiring.delivery(em, config(), new JpaMessageRepository(em),
                new MailboxChangeNotifier() {
                    @Override
                    public void changed(MailboxKey key) {
                    }
                }).deliver(job));
        return job;
    }

    private PostroomConfig config() {
        return StoreWiring.config("", false, schedule);
    }

    private void run() {
        runAt(Instant.now());
    }

    private void run(OutboundSmtpConnectionFactory factory) {
        runAt(Instant.now(), factory);
    }

    private void runAt(Instant now) {
        runAt(now, client);
    }

    /**
     * One queue run at {@code now} as {@link QueueRunner#runOnce} makes it, each bean call in a transaction of its
     * own; the sender's outcomes are recorded at once (the container would record them on its pool).
     */
    private void runAt(Instant now, OutboundSmtpConnectionFactory factory) {
        List<Long> due = store.inTransaction(em -> life(em).dueForOutbound(now, 100));
        for (long id : due) {
            Optional<OutboundWork> work = store.inTransaction(em -> life(em).claimOutbound(id, now));
            work.ifPresent(w -> store.inTransaction(em -> {
                sender(factory, now, em).send(w);
                return null;
            }));
        }
        List<Long> warnings = store.inTransaction(em -> life(em).dueForDelayWarning(now, 100));
        for (long id : warnings) {
            store.inTransaction(em -> {
                life(em).warnDelayed(id, now);
                return null;
            });
        }
    }

    private QueueLife life(EntityManager em) {
        return StoreWiring.life(em, config());
    }

    private OutboundSender sender(OutboundSmtpConnectionFactory factory, Instant now, EntityManager em) {
        OutboundSender sender = new OutboundSender();
        sender.config = config();
        sender.factory = factory == null ? () -> {
            throw new org.postroom.connector.api.outbound.OutboundSmtpException("the adapter is not started");
        } : factory;
        sender.router = new Router(new MxResolver(dns, new java.util.Random(1)), dns, 25, smartHost);
        sender.life = new QueueLife() {
            @Override
            public void recordOutcomesLater(long jobId, List<String> sentTo, List<RecipientOutcome> outcomes) {
                store.inTransaction(em -> {
                    life(em).recordOutcomes(jobId, sentTo, outcomes, now);
                    return null;
                });
            }
        };
        sender.directory = StoreWiring.directory(em, config());
        return sender;
    }

    private int apply(long job, QueueLife.Action action) {
        String queueId = store.inTransaction(em -> new JpaQueueRepository(em).find(job).orElseThrow().getQueueId());
        return store.inTransaction(em -> life(em).apply(queueId, action, "admin", Instant.now()));
    }

    private QueueRecipient recipient(long job, String address) {
        return store.inTransaction(em -> new JpaQueueRepository(em).find(job).orElseThrow().recipient(address)
                .orElseThrow());
    }

    private QueueJob.State state(long job) {
        return store.inTransaction(em -> new JpaQueueRepository(em).find(job).orElseThrow().getState());
    }

    private List<String> reports(String recipient) {
        return store.inTransaction(em -> em.createQuery("SELECT r.job FROM QueueRecipient r WHERE r.job.sender IS"
                + " NULL AND r.address = :a ORDER BY r.job.id", QueueJob.class).setParameter("a", recipient)
                .getResultList().stream()
                .map(j -> new String(j.getContent().getData(), StandardCharsets.US_ASCII)).toList());
    }

    /** The latest report queued to {@code recipient}. */
    private String reportTo(String recipient) {
        List<String> all = reports(recipient);
        assertFalse(all.isEmpty(), "a report to " + recipient);
        return all.get(all.size() - 1);
    }
}
