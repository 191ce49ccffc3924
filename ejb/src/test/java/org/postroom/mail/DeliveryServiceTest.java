package org.postroom.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postroom.domain.RetrySchedule;
import org.postroom.messaging.MailboxChangeNotifier;
import org.postroom.store.Account;
import org.postroom.store.Alias;
import org.postroom.store.MessageRepository;
import org.postroom.store.QueueJob;
import org.postroom.store.QueueRecipient;
import org.postroom.store.QueueRepository;
import org.postroom.store.db.JpaAccountRepository;
import org.postroom.store.db.JpaAliasRepository;
import org.postroom.connector.api.imap.MailboxKey;
import org.postroom.store.db.JpaContentRepository;
import org.postroom.store.db.JpaDomainRepository;
import org.postroom.store.db.JpaFolderRepository;
import org.postroom.store.db.JpaImapListener;
import org.postroom.store.db.JpaMessageRepository;
import org.postroom.store.db.JpaQueueRepository;

/**
 * The rules of {@link DeliveryService}, run on the real service outside the container: each call in a transaction of
 * its own (what REQUIRES_NEW gives it) over the JPA repositories and a fresh in-memory H2 database with the migrated
 * schema. The domain {@code example.org} is hosted; {@code remote.test} is not.
 */
class DeliveryServiceTest {

    private static final String MESSAGE = "From: Bob <bob@sender.example>\r\nTo: alice@example.org\r\n"
            + "Subject: hello\r\n\r\nbody\r\n";

    private final JpaImapListener store = new JpaImapListener();
    private final String alice = store.addUser("alice");
    private final String dave = store.addUser("dave");
    /** The mailbox keys the service announced, one entry per call of the notifier. */
    private final List<MailboxKey> announced = new ArrayList<>();
    /** Fails the append after this many successful ones (to show a store failure), or never when negative. */
    private int appendsBeforeFailure = -1;
    /** Counted down by each append, which then waits a moment (to let another delivery run into the job's lock). */
    private volatile CountDownLatch appending;
    private boolean hardQuota;
    private RetrySchedule schedule = RetrySchedule.DEFAULT;

    @AfterEach
    void close() {
        store.close();
    }

    // --- one INBOX copy, exactly once

    @Test
    void aLocalUserGetsOneCopyInItsInboxAndTheJobIsDelivered() {
        long job = queue("bob@sender.example", alice);
        assertTrue(deliver(job), "the call took the job out of QUEUED");
        assertEquals(1, inboxSize(alice));
        Job j = job(job);
        assertEquals(QueueJob.State.DELIVERED, j.state());
        assertEquals(QueueRecipient.State.DELIVERED, j.recipient(alice).state());
        assertEquals(1, j.attempts(), "the successful attempt counts too");
        assertNull(j.lastError());
        assertEquals(List.of(alice), deliveredRecipients(job), "the delivery record of (job, recipient)");
        assertEquals(0, inboxSize(dave));
    }

    @Test
    void aRedeliveredQueueMessageIsHarmlessAndAppendsNothingMore() {
        long job = queue("bob@sender.example", alice, dave);
        assertTrue(deliver(job));
        assertFalse(deliver(job), "the job is no longer QUEUED");
        assertFalse(deliverTogether(job).contains(job));
        assertEquals(1, inboxSize(alice));
        assertEquals(1, inboxSize(dave));
        assertEquals(QueueJob.State.DELIVERED, job(job).state());
        assertEquals(1, job(job).attempts(), "a job left alone counts no attempt");
    }

    @Test
    void twoDeliveriesOfOneJobAtOnceSerialiseOnItsLockAndAppendOnce() throws Exception {
        long job = queue("bob@sender.example", alice);
        appending = new CountDownLatch(1);
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> deliver(job));
        assertTrue(appending.await(10, TimeUnit.SECONDS));
        // the first holds the job's lock until it commits; the second waits for it, then finds the job DELIVERED
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> deliver(job));
        assertEquals(1, List.of(first.get(20, TimeUnit.SECONDS), second.get(20, TimeUnit.SECONDS)).stream()
                .filter(Boolean::booleanValue).count(), "exactly one took the job out of QUEUED");
        assertEquals(1, inboxSize(alice));
        assertEquals(1, job(job).attempts());
    }

    @Test
    void aJobQueuedAgainAfterItsDeliveryCommittedAppendsOnlyWhereNoDeliveryRecordIs() {
        long job = queue("bob@sender.example", alice);
        deliver(job);
        addUserAndRequeue(job, "carol"); // as if the job were queued again with one more recipient
        assertTrue(deliver(job));
        assertEquals(1, inboxSize(alice), "the delivery record keeps the first copy the only one");
        assertEquals(1, inboxSize("carol@example.org"));
        assertEquals(QueueRecipient.State.DELIVERED, job(job).recipient(alice).state());
        assertEquals(List.of(alice, "carol@example.org"), deliveredRecipients(job));
    }

    @Test
    void aDuplicateAppendOnAFirstAttemptFailsTheWholeTransactionAndTheNextAttemptLooksFirst() {
        long job = queue("bob@sender.example", alice);
        deliver(job);
        // a first attempt that finds the delivery record the rule says cannot exist yet
        store.inTransaction(em -> {
            QueueJob j = new JpaQueueRepository(em).find(job).orElseThrow();
            j.setState(QueueJob.State.QUEUED);
            j.getRecipients().forEach(r -> r.setState(QueueRecipient.State.PENDING, null));
            return null;
        });
        store.inTransaction(em -> em.createNativeQuery("UPDATE PR_QUEUE_JOB SET ATTEMPTS = 0 WHERE ID = " + job)
                .executeUpdate());
        RuntimeException failure = assertThrows(RuntimeException.class, () -> deliver(job),
                "the unique (job, recipient) constraint");
        assertEquals(1, inboxSize(alice), "the second append rolled back with the record");
        assertEquals(QueueJob.State.QUEUED, job(job).state());
        recordFailure(job, failure); // as the MDB does before the broker redelivers
        assertTrue(deliver(job));
        assertEquals(1, inboxSize(alice), "exactly once either way");
    }

    @Test
    void aJobThatDoesNotExistIsDroppedQuietly() {
        assertFalse(deliver(4711));
        assertEquals(List.of(), deliverTogether(4711));
    }

    @Test
    void theInboxThatGotMailIsAnnouncedToImapSessionsOnce() {
        long job = queue("bob@sender.example", alice);
        long second = queue("bob@sender.example", alice);
        deliverTogether(job, second);
        assertEquals(1, announced.size(), "one INBOX, one announcement: " + announced);
        assertEquals(2, inboxSize(alice));
    }

    // --- aliases and groups

    @Test
    void anAliasExpandsToItsTargetsWhichAreRecordedAsComingFromIt() {
        alias("team@example.org", alice, dave);
        long job = queue("bob@sender.example", "team@example.org");
        deliver(job);
        assertEquals(1, inboxSize(alice));
        assertEquals(1, inboxSize(dave));
        Job j = job(job);
        assertEquals(QueueJob.State.DELIVERED, j.state());
        assertEquals(QueueRecipient.State.EXPANDED, j.recipient("team@example.org").state());
        assertEquals("expanded to 2 recipient(s)", j.recipient("team@example.org").detail());
        assertEquals(new Recipient(QueueRecipient.State.DELIVERED, null, "team@example.org"), j.recipient(alice));
        assertEquals(new Recipient(QueueRecipient.State.DELIVERED, null, "team@example.org"), j.recipient(dave));
    }

    @Test
    void aGroupOfGroupsDeliversOnceToAUserReachedSeveralWaysAndToAUserAlsoNamedDirectly() {
        alias("sales@example.org", alice, dave);
        alias("support@example.org", dave);
        alias("all@example.org", "sales@example.org", "support@example.org");
        long job = queue("bob@sender.example", "all@example.org", dave);
        deliver(job);
        assertEquals(1, inboxSize(alice));
        assertEquals(1, inboxSize(dave), "dave is reached directly and through two groups");
        assertEquals(List.of(alice, dave), deliveredRecipients(job));
        assertEquals(QueueJob.State.DELIVERED, job(job).state());
    }

    @Test
    void anAliasLoopIsCutAndTheUsersOnItStillGetTheirCopy() {
        alias("a@example.org", "b@example.org", alice);
        alias("b@example.org", "a@example.org", dave);
        long job = queue("bob@sender.example", "a@example.org");
        deliver(job);
        assertEquals(1, inboxSize(alice));
        assertEquals(1, inboxSize(dave));
        Recipient a = job(job).recipient("a@example.org");
        assertEquals(QueueRecipient.State.EXPANDED, a.state());
        assertEquals("expanded to 2 recipient(s) (alias loop cut at a@example.org)", a.detail());
    }

    @Test
    void anAliasThatExpandsToNoRecipientFailsWith550_5_1_1() {
        alias("a@example.org", "b@example.org");
        alias("b@example.org", "a@example.org");
        long job = queue("bob@sender.example", "a@example.org");
        assertTrue(deliver(job));
        Job j = job(job);
        assertEquals(QueueJob.State.BOUNCED, j.state(), "every recipient failed");
        assertEquals(QueueRecipient.State.BOUNCED, j.recipient("a@example.org").state());
        assertEquals("550 5.1.1 the alias expands to no recipient (alias loop cut at a@example.org)",
                j.recipient("a@example.org").detail());
        assertEquals(List.of(), deliveredRecipients(job));
    }

    // --- remote and unknown recipients

    @Test
    void aRemoteRecipientIsQueuedForOutboundDeliveryDueAtOnceAndTheJobWaitsForIt() {
        long job = queue("bob@sender.example", alice, "carol@remote.test");
        Instant before = Instant.now();
        assertTrue(deliver(job), "local delivery took the job out of QUEUED");
        Job j = job(job);
        assertEquals(QueueJob.State.WAITING, j.state(), "the job is not DELIVERED while carol waits");
        assertFalse(j.nextAttempts().get("carol@remote.test").isBefore(before));
        assertFalse(j.nextAttempts().get("carol@remote.test").isAfter(Instant.now()), "due at once");
        assertEquals(new Recipient(QueueRecipient.State.QUEUED, "waiting for outbound delivery", null),
                j.recipient("carol@remote.test"));
        assertEquals(1, inboxSize(alice));
    }

    @Test
    void anAliasToARemoteAddressQueuesTheTargetForOutboundDelivery() {
        alias("forward@example.org", "carol@remote.test");
        long job = queue("bob@sender.example", "forward@example.org");
        deliver(job);
        assertEquals(new Recipient(QueueRecipient.State.QUEUED, "waiting for outbound delivery",
                "forward@example.org"), job(job).recipient("carol@remote.test"));
        assertEquals(QueueJob.State.WAITING, job(job).state());
    }

    @Test
    void aUserOfAHostedDomainWhoIsGoneAtDeliveryFailsWith550_5_1_1() {
        long job = queue("bob@sender.example", alice, "gone@example.org");
        deliver(job);
        Recipient gone = job(job).recipient("gone@example.org");
        assertEquals(QueueRecipient.State.BOUNCED, gone.state());
        assertEquals(MailReply.unknownUser("gone@example.org").toString(), gone.detail());
        assertEquals(QueueJob.State.PARTIAL, job(job).state(), "alice got it, gone did not");
    }

    // --- restrictions and quota

    @Test
    void aSenderTheUsersRestrictionsRefuseFailsThatRecipientWith550_5_7_1() {
        restrict(dave, null, List.of(), List.of("@sender.example"));
        long job = queue("bob@sender.example", alice, dave);
        deliver(job);
        assertEquals(new Recipient(QueueRecipient.State.BOUNCED, MailReply.senderRefused(dave).toString(), null),
                job(job).recipient(dave));
        assertEquals(0, inboxSize(dave));
        assertEquals(1, inboxSize(alice));
    }

    @Test
    void aMessageOverTheUsersSizeLimitFailsWith552_5_3_4() {
        restrict(dave, 10L, List.of(), List.of());
        long job = queue("bob@sender.example", dave);
        deliver(job);
        assertEquals(new Recipient(QueueRecipient.State.BOUNCED, MailReply.tooLarge(10).toString(), null),
                job(job).recipient(dave));
        assertEquals(QueueJob.State.BOUNCED, job(job).state());
    }

    @Test
    void theUsersSizeLimitJudgesTheMessageAsAcceptedNotWithTheReturnPathLineAddedAtDelivery() {
        restrict(dave, (long) MESSAGE.length(), List.of(), List.of());
        long job = queue("bob@sender.example", dave);
        deliver(job);
        assertEquals(QueueRecipient.State.DELIVERED, job(job).recipient(dave).state());
    }

    @Test
    void aFullMailboxFailsWith452_4_2_2WhenQuotasAreSoft() {
        store.setQuota(dave, null, 0L);
        long job = queue("bob@sender.example", dave);
        deliver(job);
        assertEquals(new Recipient(QueueRecipient.State.BOUNCED, MailReply.mailboxFull(dave, false).toString(), null),
                job(job).recipient(dave));
    }

    @Test
    void aFullMailboxFailsWith552_5_2_2WhenQuotasAreHard() {
        hardQuota = true;
        store.setQuota(dave, 10L, null);
        long job = queue("bob@sender.example", dave);
        deliver(job);
        assertEquals(MailReply.mailboxFull(dave, true).toString(), job(job).recipient(dave).detail());
    }

    @Test
    void theQuotaCountsTheMessagesDeliveredEarlierInTheSameTransaction() {
        store.setQuota(dave, null, 1L);
        long first = queue("bob@sender.example", dave);
        long second = queue("bob@sender.example", dave);
        assertEquals(List.of(first, second), deliverTogether(first, second));
        assertEquals(QueueRecipient.State.DELIVERED, job(first).recipient(dave).state());
        assertEquals(MailReply.mailboxFull(dave, false).toString(), job(second).recipient(dave).detail());
        assertEquals(1, inboxSize(dave));
    }

    // --- deliverTogether

    @Test
    void deliverTogetherDeliversSeveralJobsInOneTransaction() {
        long a = queue("bob@sender.example", alice);
        long b = queue("bob@sender.example", dave);
        long c = queue("bob@sender.example", alice, dave);
        assertEquals(List.of(a, b, c), deliverTogether(b, c, a));
        assertEquals(2, inboxSize(alice));
        assertEquals(2, inboxSize(dave));
        for (long job : List.of(a, b, c)) {
            assertEquals(QueueJob.State.DELIVERED, job(job).state());
        }
    }

    @Test
    void deliverTogetherSkipsJobsThatAreNoLongerQueued() {
        long done = queue("bob@sender.example", alice);
        deliver(done);
        long own = queue("bob@sender.example", dave);
        assertEquals(List.of(own), deliverTogether(own, done));
        assertEquals(1, inboxSize(alice), "the delivered job is not delivered again");
        assertEquals(1, job(done).attempts());
    }

    @Test
    void deliverTogetherLeavesAnotherJobThatFailedBeforeToItsOwnQueueMessage() {
        long failedBefore = queue("bob@sender.example", alice);
        recordFailure(failedBefore, new IllegalStateException("disk full"));
        long own = queue("bob@sender.example", dave);
        assertEquals(List.of(own), deliverTogether(own, failedBefore));
        assertEquals(0, inboxSize(alice));
        assertEquals(QueueJob.State.QUEUED, job(failedBefore).state());
        assertEquals(1, job(failedBefore).attempts());
        // its own message is delivered whatever its attempts
        assertEquals(List.of(failedBefore), deliverTogether(failedBefore, own));
        assertEquals(1, inboxSize(alice));
    }

    @Test
    void aStoreFailureInDeliverTogetherDeliversNothingOfTheLot() {
        long a = queue("bob@sender.example", alice);
        long b = queue("bob@sender.example", dave);
        appendsBeforeFailure = 1;
        assertThrows(IllegalStateException.class, () -> deliverTogether(a, b));
        appendsBeforeFailure = -1;
        assertEquals(0, inboxSize(alice));
        assertEquals(0, inboxSize(dave));
        assertEquals(QueueJob.State.QUEUED, job(a).state());
        assertEquals(QueueJob.State.QUEUED, job(b).state());
        assertEquals(List.of(), deliveredRecipients(a));
    }

    // --- failures and the broker's retries

    @Test
    void recordFailureCountsTheAttemptWithItsRootCauseAndLetsTheBrokerRetrySoonAtFirst() {
        long job = queue("bob@sender.example", alice);
        Instant before = Instant.now();
        assertEquals(DeliveryService.Failure.RETRY_SOON,
                recordFailure(job, new RuntimeException("wrapped", new IllegalStateException("disk\r\nfull"))));
        Job j = job(job);
        assertEquals(QueueJob.State.QUEUED, j.state());
        assertEquals(1, j.attempts());
        assertEquals("IllegalStateException: disk full", j.lastError(), "the root cause, on one line");
        assertFalse(j.nextAttempt().isBefore(before.plusSeconds(1)), "the broker's first delay is 1 s");
        assertTrue(j.nextAttempt().isBefore(Instant.now().plusSeconds(2)));
    }

    @Test
    void afterTheQuickAttemptsALocalFailureFollowsTheRetryScheduleInsteadOfGoingDead() {
        long job = queue("bob@sender.example", alice);
        for (int attempt = 1; attempt <= DeliveryService.QUICK_ATTEMPTS; attempt++) {
            assertEquals(DeliveryService.Failure.RETRY_SOON, recordFailure(job, new IllegalStateException("db")));
        }
        Instant before = Instant.now();
        assertEquals(DeliveryService.Failure.SCHEDULED, recordFailure(job, new IllegalStateException("db")));
        Job j = job(job);
        assertEquals(QueueJob.State.QUEUED, j.state(), "still waiting, never DEAD");
        assertFalse(j.nextAttempt().isBefore(before.plus(Duration.ofMinutes(5))), "the schedule's first delay");
        assertTrue(j.nextAttempt().isBefore(Instant.now().plus(Duration.ofMinutes(5)).plusSeconds(2)));
        assertEquals(DeliveryService.Failure.SCHEDULED, recordFailure(job, new IllegalStateException("db")));
        assertFalse(job(job).nextAttempt().isBefore(before.plus(Duration.ofMinutes(10))), "doubling");
        assertTrue(deliver(job), "the next attempt delivers");
        assertEquals(1, inboxSize(alice));
    }

    @Test
    void aLocalDeliveryThatKeepsFailingUntilTheLifetimeBouncesWithAReportToTheSender() {
        schedule = new RetrySchedule(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ZERO, Duration.ZERO);
        long job = queue("bob@sender.example", alice);
        for (int attempt = 1; attempt <= DeliveryService.QUICK_ATTEMPTS; attempt++) {
            recordFailure(job, new IllegalStateException("db"));
        }
        assertEquals(DeliveryService.Failure.BOUNCED, recordFailure(job, new IllegalStateException("db")));
        Job j = job(job);
        assertEquals(QueueJob.State.BOUNCED, j.state());
        assertTrue(j.recipient(alice).detail().startsWith("4.4.7 delivery time expired"), j.recipient(alice).detail());
        String report = onlyReportTo("bob@sender.example");
        assertTrue(report.contains("Action: failed") && report.contains("Status: 4.4.7"), report);
        assertEquals(DeliveryService.Failure.NOT_QUEUED, recordFailure(job, new IllegalStateException("late")));
        assertFalse(deliver(job), "a bounced job is not delivered");
        assertEquals(0, inboxSize(alice));
    }

    @Test
    void recordFailureLeavesADeliveredOrMissingJobAlone() {
        long job = queue("bob@sender.example", alice);
        deliver(job);
        assertEquals(DeliveryService.Failure.NOT_QUEUED, recordFailure(job, new IllegalStateException("late")));
        assertEquals(QueueJob.State.DELIVERED, job(job).state());
        assertNull(job(job).lastError());
        assertEquals(DeliveryService.Failure.NOT_QUEUED, recordFailure(4711, new IllegalStateException("none")));
    }

    @Test
    void theBackoffMirrorsTheBrokerOneSecondDoublingToAMinute() {
        assertEquals(Duration.ofSeconds(1), DeliveryService.backoff(1));
        assertEquals(Duration.ofSeconds(2), DeliveryService.backoff(2));
        assertEquals(Duration.ofSeconds(4), DeliveryService.backoff(3));
        assertEquals(Duration.ofSeconds(32), DeliveryService.backoff(6));
        assertEquals(Duration.ofSeconds(60), DeliveryService.backoff(7));
        assertEquals(Duration.ofSeconds(60), DeliveryService.backoff(50));
    }

    // --- reports to the sender

    @Test
    void aLocalRecipientRefusedAtDeliveryBouncesWithAFailureReportFromMailerDaemon() {
        restrict(dave, 10L, List.of(), List.of());
        long job = queue("bob@sender.example", dave);
        deliver(job);
        String report = onlyReportTo("bob@sender.example");
        assertTrue(report.startsWith("From: Mail Delivery System <MAILER-DAEMON@mail.example.org>\r\n"), report);
        assertTrue(report.contains("Content-Type: multipart/report; report-type=delivery-status;"), report);
        assertTrue(report.contains("Final-Recipient: rfc822; " + dave + "\r\nAction: failed\r\nStatus: 5.3.4\r\n"),
                report);
        assertTrue(report.contains("Content-Description: Original message\r\n\r\n" + MESSAGE), "the message returned");
    }

    @Test
    void aReportToALocalSenderIsDeliveredToItsInboxAndCausesNoReportItself() {
        restrict(dave, 10L, List.of(), List.of());
        long job = queue(alice, dave);
        deliver(job);
        long report = reportJobs(alice).get(0);
        assertTrue(deliver(report), "the report is a job like any other");
        assertEquals(1, inboxSize(alice));
        assertEquals(QueueJob.State.DELIVERED, job(report).state());
    }

    @Test
    void aMessageWithTheNullReversePathNeverCausesAReport() {
        restrict(dave, 10L, List.of(), List.of());
        long job = queue(null, dave, "gone@example.org");
        deliver(job);
        assertEquals(QueueJob.State.BOUNCED, job(job).state());
        assertEquals(1, jobCount(), "no report was queued");
    }

    @Test
    void notifyNeverSilencesTheFailureReportAndNotifySuccessAsksForADeliveryReport() {
        restrict(dave, 10L, List.of(), List.of());
        long job = queue("bob@sender.example", alice, dave);
        store.inTransaction(em -> {
            QueueJob j = new JpaQueueRepository(em).find(job).orElseThrow();
            j.recipient(dave).orElseThrow().setDsnParameters("NEVER", null);
            j.recipient(alice).orElseThrow().setDsnParameters("SUCCESS,FAILURE", "rfc822;Alice@Example.org");
            j.setDsnParameters("HDRS", "env-42");
            return null;
        });
        deliver(job);
        String report = onlyReportTo("bob@sender.example");
        assertTrue(report.contains("Subject: Successful Mail Delivery Report"), report);
        assertTrue(report.contains("Original-Envelope-Id: env-42"), report);
        assertTrue(report.contains("Original-Recipient: rfc822; Alice@Example.org\r\nAction: delivered"), report);
        assertFalse(report.contains(dave), "dave said NEVER");
        assertTrue(report.contains("Content-Type: text/rfc822-headers"), "RET=HDRS: " + report);
        assertFalse(report.contains("\r\nbody\r\n"), "RET=HDRS returns no body");
    }

    // --- the fixture

    /** Queues a job as the outbox does (content and rows committed) and returns its id. */
    private long queue(String sender, String... recipients) {
        return store.inTransaction(em -> {
            long content = new JpaContentRepository(em).storeContentRow(MESSAGE.getBytes(StandardCharsets.US_ASCII),
                    Instant.now());
            return new JpaQueueRepository(em).addRow(new QueueRepository.NewJob("Q" + System.nanoTime(), sender,
                    content, MESSAGE.length(), "192.0.2.7", null, Instant.now(), List.of(recipients)));
        });
    }

    private boolean deliver(long jobId) {
        return store.inTransaction(em -> service(em).deliver(jobId));
    }

    private List<Long> deliverTogether(long jobId, long... others) {
        return store.inTransaction(em -> service(em).deliverTogether(jobId,
                Arrays.stream(others).boxed().toList()));
    }

    private DeliveryService.Failure recordFailure(long jobId, Throwable error) {
        return store.inTransaction(em -> service(em).recordFailure(jobId, error));
    }

    /** The real service over the repositories of {@code em}, as the container wires it. */
    private DeliveryService service(EntityManager em) {
        return StoreWiring.delivery(em, StoreWiring.config("", hardQuota, schedule),
                failingAfter(new JpaMessageRepository(em)),
                new MailboxChangeNotifier() {
                    @Override
                    public void changed(MailboxKey mailboxKey) {
                        announced.add(mailboxKey);
                    }
                });
    }

    /** {@code real}, whose appends fail once {@link #appendsBeforeFailure} of them succeeded. */
    private MessageRepository failingAfter(MessageRepository real) {
        AtomicInteger appends = new AtomicInteger();
        return (MessageRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{MessageRepository.class}, (proxy, method, args) -> {
                    CountDownLatch latch = appending;
                    if (method.getName().equals("appendLockedRow") && latch != null && latch.getCount() > 0) {
                        latch.countDown();
                        Thread.sleep(300);
                    }
                    if (method.getName().equals("appendLockedRow") && appendsBeforeFailure >= 0
                            && appends.getAndIncrement() >= appendsBeforeFailure) {
                        throw new IllegalStateException("the store failed");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private void alias(String address, String... targets) {
        store.inTransaction(em -> new JpaAliasRepository(em).add(new Alias(address,
                new JpaDomainRepository(em).find("example.org").orElseThrow(), List.of(targets), Instant.now())));
    }

    private void restrict(String user, Long maxBytes, List<String> accept, List<String> reject) {
        store.inTransaction(em -> {
            new JpaAccountRepository(em).find(user).orElseThrow().setRestrictions(maxBytes, accept, reject);
            return null;
        });
    }

    /** Adds a user, adds it to the job as a pending recipient and puts the job back to QUEUED (attempts stay). */
    private void addUserAndRequeue(long jobId, String local) {
        String user = store.addUser(local);
        store.inTransaction(em -> {
            QueueJob j = new JpaQueueRepository(em).find(jobId).orElseThrow();
            j.setState(QueueJob.State.QUEUED);
            j.getRecipients().forEach(r -> r.setState(QueueRecipient.State.PENDING, null));
            j.addExpandedRecipient(user, null);
            return null;
        });
    }

    private int inboxSize(String user) {
        return store.inTransaction(em -> {
            Account a = new JpaAccountRepository(em).find(user).orElseThrow();
            return new JpaMessageRepository(em)
                    .messages(new JpaFolderRepository(em).folder(a, "INBOX").orElseThrow(), 1, Long.MAX_VALUE)
                    .size();
        });
    }

    private List<String> deliveredRecipients(long jobId) {
        return store.inTransaction(
                em -> new JpaQueueRepository(em).deliveredRecipients(jobId).stream().sorted().toList());
    }

    /** A recipient row as the test sees it. */
    private record Recipient(QueueRecipient.State state, String detail, String via) {
    }

    /** The ids of the report jobs (sender {@code <>}) to {@code recipient}. */
    private List<Long> reportJobs(String recipient) {
        return store.inTransaction(em -> em.createQuery("SELECT r.job.id FROM QueueRecipient r WHERE r.job.sender IS"
                + " NULL AND r.address = :a ORDER BY r.job.id", Long.class).setParameter("a", recipient)
                .getResultList());
    }

    /** The one report queued to {@code recipient}, as text. */
    private String onlyReportTo(String recipient) {
        List<Long> reports = reportJobs(recipient);
        assertEquals(1, reports.size(), "one report to " + recipient);
        return store.inTransaction(em -> new String(new JpaQueueRepository(em).find(reports.get(0)).orElseThrow()
                .getContent().getData(), StandardCharsets.US_ASCII));
    }

    private long jobCount() {
        return store.inTransaction(em -> em.createQuery("SELECT COUNT(j) FROM QueueJob j", Long.class)
                .getSingleResult());
    }

    /** A job as the test sees it, read in a transaction of its own. */
    private record Job(QueueJob.State state, int attempts, String lastError, Instant nextAttempt,
            Map<String, Recipient> recipients, Map<String, Instant> nextAttempts) {

        Recipient recipient(String address) {
            Recipient r = recipients.get(address);
            if (r == null) {
                throw new AssertionError("no recipient " + address + " in " + recipients);
            }
            return r;
        }
    }

    private Job job(long jobId) {
        return store.inTransaction(em -> {
            QueueJob j = new JpaQueueRepository(em).find(jobId).orElseThrow();
            Map<String, Recipient> recipients = new LinkedHashMap<>();
            Map<String, Instant> nextAttempts = new LinkedHashMap<>();
            j.getRecipients().forEach(r -> {
                recipients.put(r.getAddress(), new Recipient(r.getState(), r.getDetail(), r.getVia()));
                if (r.getNextAttempt() != null) {
                    nextAttempts.put(r.getAddress(), r.getNextAttempt());
                }
            });
            return new Job(j.getState(), j.getAttempts(), j.getLastError(), j.getNextAttempt(), recipients,
                    nextAttempts);
        });
    }
}
