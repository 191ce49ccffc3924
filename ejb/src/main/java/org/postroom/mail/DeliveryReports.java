package org.postroom.mail;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.inject.Inject;

import org.postroom.config.PostroomConfig;
import org.postroom.connector.api.QueueIds;
import org.postroom.domain.DeliveryStatusReport;
import org.postroom.domain.DeliveryStatusReport.Action;
import org.postroom.domain.RetrySchedule;
import org.postroom.store.ContentRepository;
import org.postroom.store.QueueJob;
import org.postroom.store.QueueRecipient;
import org.postroom.store.QueueRepository;

/**
 * Tells senders what became of their mail (RFC 3464, RFC 3461): decides whether a recipient's outcome calls for a
 * report (never for a message with the null reverse path, so reports never cause reports; NOTIFY= as the sender
 * asked, failures and delays when it did not say), composes it with {@link DeliveryStatusReport}, and queues it as a
 * new job from {@code <>} to the original sender, in the caller's transaction: the outcome and its report commit
 * together. The new job is delivered like any other (to the sender's INBOX when local, sent out when remote); it is
 * handed to the broker after the commit (the outbox sweeper does it if that fails).
 */
@ApplicationScoped
public class DeliveryReports {

    /** The client address a report job records: the server itself. */
    static final String CLIENT_ADDRESS = "127.0.0.1";

    private static final Logger LOG = Logger.getLogger(DeliveryReports.class.getName());

    @Inject
    PostroomConfig config;
    @Inject
    ContentRepository contents;
    @Inject
    QueueRepository queue;
    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry registry;
    @EJB
    DeliveryDispatcher dispatcher;

    /** The recipients that failed for good: a failure report. */
    public Optional<Long> failed(QueueJob job, List<QueueRecipient> rows, Instant now) {
        return report(job, rows, Action.FAILED, Optional.empty(), now);
    }

    /** The recipients still waiting after the delay-warning time: a delay report, until {@code retryUntil}. */
    public Optional<Long> delayed(QueueJob job, List<QueueRecipient> rows, Instant retryUntil, Instant now) {
        return report(job, rows, Action.DELAYED, Optional.of(retryUntil), now);
    }

    /**
     * The recipients delivered: a success report for those whose NOTIFY= asked for one; {@code relayed} when the
     * next hop took it (this server cannot tell whether the next hop reports on it), {@code delivered} for a
     * mailbox here.
     */
    public Optional<Long> delivered(QueueJob job, List<QueueRecipient> rows, boolean relayed, Instant now) {
        return report(job, rows, relayed ? Action.RELAYED : Action.DELIVERED, Optional.empty(), now);
    }

    private Optional<Long> report(QueueJob job, List<QueueRecipient> rows, Action action,
            Optional<Instant> retryUntil, Instant now) {
        if (job.getSender().isEmpty()) {
            return Optional.empty(); // a report (or any <> message) never causes one
        }
        Action asked = action == Action.RELAYED ? Action.DELIVERED : action;
        List<DeliveryStatusReport.Recipient> reported = new ArrayList<>();
        for (QueueRecipient r : rows) {
            if (!DeliveryStatusReport.notifyWants(r.getNotify(), asked)) {
                continue;
            }
            Optional<String> original = r.getOriginalRecipient()
                    .or(() -> Optional.ofNullable(r.getVia()).map(via -> "rfc822;" + via));
            reported.add(new DeliveryStatusReport.Recipient(r.getAddress(), original, action,
                    r.getDetail() == null ? "" : r.getDetail(), Optional.ofNullable(r.getRemoteHost()), now,
                    retryUntil));
        }
        if (reported.isEmpty()) {
            return Optional.empty();
        }
        byte[] original = contents.contentsById(List.of(job.getContent().getId())).getOrDefault(
                job.getContent().getId(), job.getContent().getData());
        // RET=HDRS asks for the header only; without RET a failure returns the message, the others its header
        boolean full = job.getRet().map("FULL"::equalsIgnoreCase).orElse(action == Action.FAILED);
        String reportId = QueueIds.next();
        String hostname = config.hostname();
        byte[] data = DeliveryStatusReport.compose(hostname, reportId, job.getSender().get(), job.getEnvelopeId(),
                job.getCreatedAt(), reported, original, full, now);
        long contentId = contents.storeContentRow(data, now);
        long id = queue.addRow(new QueueRepository.NewJob(reportId, null, contentId, data.length, CLIENT_ADDRESS, null,
                now, List.of(job.getSender().get())));
        LOG.info(() -> "Delivery job " + job.getQueueId() + ": " + action.field() + " report " + reportId + " for "
                + reported.size() + " recipient(s) to " + job.getSender().get());
        handOffAfterCommit(id);
        return Optional.of(id);
    }

    /**
     * Hands the report's job to the broker once the transaction that queued it committed (the outbox sweeper would,
     * within about 25 s; this makes it at once). Without a transaction (tests) the sweeper's way is left.
     */
    private void handOffAfterCommit(long jobId) {
        if (registry == null || dispatcher == null || registry.getTransactionKey() == null) {
            return;
        }
        registry.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    try {
                        dispatcher.handOffLater(jobId);
                    } catch (RuntimeException e) {
                        LOG.fine(() -> "Report job " + jobId + " left to the outbox sweeper: " + e);
                    }
                }
            }
        });
    }

    /** The expiry a delay report names. */
    static Instant retryUntil(RetrySchedule schedule, QueueJob job) {
        return schedule.expiry(job.getCreatedAt());
    }
}
