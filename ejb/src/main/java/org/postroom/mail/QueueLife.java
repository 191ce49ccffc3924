package org.postroom.mail;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

import jakarta.ejb.Asynchronous;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.postroom.config.PostroomConfig;
import org.postroom.connector.api.outbound.RecipientOutcome;
import org.postroom.dkim.DkimKeyring;
import org.postroom.domain.RetrySchedule;
import org.postroom.store.ContentRepository;
import org.postroom.store.QueueJob;
import org.postroom.store.QueueRecipient;
import org.postroom.store.QueueRepository;

/**
 * The queue's life after local delivery (ADR 0042), each step in a transaction of its own with the job locked:
 * claiming due work (a claim moves the next attempt one lease ahead, so another runner, or this one after a crash,
 * takes it again only when the lease has passed), recording outbound outcomes with the retry schedule and the
 * reports they call for, delay warnings, and removing settled jobs after the retention.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class QueueLife {

    /** How long a claimed local retry is left to the broker before it is taken again. */
    static final Duration LOCAL_LEASE = Duration.ofMinutes(10);
    /** How long a claimed outbound attempt may take (routing, the SMTP dialogue's timeouts) before it is taken again. */
    static final Duration OUTBOUND_LEASE = Duration.ofMinutes(30);
    /** A QUEUED job whose first delivery has not happened this long after it was due has lost its queue message. */
    static final Duration STUCK = Duration.ofMinutes(15);

    private static final Logger LOG = Logger.getLogger(QueueLife.class.getName());

    @Inject
    QueueRepository queue;
    @Inject
    ContentRepository contents;
    @Inject
    DeliveryReports reports;
    @Inject
    PostroomConfig config;
    @Inject
    DkimKeyring dkim;

    private RetrySchedule schedule;

    /** The configured schedule, read once per bean instance. */
    RetrySchedule schedule() {
        if (schedule == null) {
            schedule = config.retrySchedule();
        }
        return schedule;
    }

    public List<Long> dueForLocalDelivery(Instant now, int limit) {
        return queue.dueForLocalDelivery(now, now.minus(STUCK), limit);
    }

    public List<Long> dueForOutbound(Instant now, int limit) {
        return queue.dueForOutbound(now, limit);
    }

    /** The jobs due for a delay warning at {@code now}; none when delay warnings are off. */
    public List<Long> dueForDelayWarning(Instant now, int limit) {
        Duration warning = schedule().delayWarning();
        return warning.isZero() ? List.of() : queue.dueForDelayWarning(now.minus(warning), limit);
    }

    /**
     * Claims a QUEUED job whose local delivery is due again for the broker.
     *
     * @return whether it was still due (the caller hands it to the broker)
     */
    public boolean claimLocalDelivery(long jobId, Instant now) {
        Optional<QueueJob> job = queue.lock(jobId).filter(j -> j.getState() == QueueJob.State.QUEUED
                && j.getNextAttempt() != null
                && (j.getAttempts() > 0
                        ? !j.getNextAttempt().isAfter(now)
                        : !j.getNextAttempt().isAfter(now.minus(STUCK))));
        job.ifPresent(j -> j.setNextAttempt(now.plus(LOCAL_LEASE)));
        job.ifPresent(j -> LOG.info("Delivery job " + j.getQueueId() + ": local delivery handed to the broker again"));
        return job.isPresent();
    }

    /**
     * Claims the job's outbound recipients that are due at {@code now}, for one attempt: their next attempt moves one
     * lease ahead.
     *
     * @return what to send; empty when nothing of the job is due (any more)
     */
    public Optional<OutboundWork> claimOutbound(long jobId, Instant now) {
        Optional<QueueJob> locked = queue.lock(jobId);
        if (locked.isEmpty()) {
            return Optional.empty();
        }
        QueueJob job = locked.get();
        List<OutboundWork.Recipient> due = new ArrayList<>();
        for (QueueRecipient r : job.getRecipients()) {
            if (r.getState().outbound() && r.getNextAttempt() != null && !r.getNextAttempt().isAfter(now)) {
                r.setNextAttempt(now.plus(OUTBOUND_LEASE));
                due.add(new OutboundWork.Recipient(r.getAddress(), r.getNotify(), r.getOriginalRecipient()));
            }
        }
        if (due.isEmpty()) {
            return Optional.empty();
        }
        long contentId = job.getContent().getId();
        byte[] content = contents.contentsById(List.of(contentId)).getOrDefault(contentId,
                job.getContent().getData());
        if (signable(job)) {
            // DKIM (ADR 0060): signed at every attempt from the stored original, t= the acceptance: the same bytes
            content = dkim.sign(job.getSender(), job.getCreatedAt(), content);
        }
        return Optional.of(new OutboundWork(job.getId(), job.getQueueId(), job.getSender(), job.getRet(),
                job.getEnvelopeId(), job.getCreatedAt(), due, content));
    }

    /**
     * Whether the job's mail may carry our DKIM signature (ADR 0060): it was submitted with AUTH, came from a trusted
     * relay network, or is a report of this server's own; never mail from outside that an alias forwards, whatever
     * its From says (signing it would vouch for a forgery).
     */
    boolean signable(QueueJob job) {
        if (job.getAuthenticatedUser() != null) {
            return true;
        }
        String client = job.getClientAddress();
        if (client == null) {
            return false;
        }
        if (job.getSender().isEmpty() && DeliveryReports.CLIENT_ADDRESS.equals(client)) {
            return true;
        }
        try {
            return RelayNetworks.parse(config.relayNetworks()).contains(client);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** {@link #recordOutcomes} on the container's pool: what the outbound client's completion calls. */
    @Asynchronous
    public void recordOutcomesLater(long jobId, List<String> sent, List<RecipientOutcome> outcomes) {
        recordOutcomes(jobId, sent, outcomes, Instant.now());
    }

    /**
     * Records what became of an outbound attempt's recipients: DELIVERED with the remote reply and host; FAILED
     * (5xx) bounces; DEFERRED is tried again by the schedule, and bounces once the queue lifetime has passed. A
     * recipient of {@code sent} that the outcome does not name is deferred. Failure reports for the bounced, success
     * reports for the delivered that asked for one.
     *
     * @param sent the recipients the attempt was about
     */
    public void recordOutcomes(long jobId, List<String> sent, List<RecipientOutcome> outcomes, Instant now) {
        Optional<QueueJob> locked = queue.lock(jobId);
        if (locked.isEmpty()) {
            LOG.warning("Outbound outcome for delivery job " + jobId + ", which no longer exists: " + outcomes);
            return;
        }
        QueueJob job = locked.get();
        Map<String, QueueRecipient> rows = new HashMap<>();
        job.getRecipients().forEach(r -> rows.put(r.getAddress(), r));
        List<QueueRecipient> bounced = new ArrayList<>();
        List<QueueRecipient> delivered = new ArrayList<>();
        for (RecipientOutcome outcome : outcomes) {
            QueueRecipient r = rows.get(outcome.recipient());
            if (r == null) {
                LOG.warning("Delivery job " + job.getQueueId() + ": outcome for " + outcome.recipient()
                        + ", not a recipient of it");
                continue;
            }
            String host = outcome.remoteHost().orElse(null);
            if (outcome.status() == RecipientOutcome.Status.DELIVERED) {
                // whatever an administrator did meanwhile, the next hop has it now
                r.recordAttempt(QueueRecipient.State.DELIVERED, outcome.reply(), host, null);
                delivered.add(r);
                continue;
            }
            if (!r.getState().outbound()) {
                continue; // held, dropped or bounced by an administrator while the attempt ran
            }
            if (outcome.status() == RecipientOutcome.Status.FAILED) {
                r.recordAttempt(QueueRecipient.State.BOUNCED, outcome.reply(), host, null);
                bounced.add(r);
            } else {
                defer(job, r, outcome.reply(), host, now).ifPresent(bounced::add);
            }
        }
        for (String address : sent) {
            QueueRecipient r = rows.get(address);
            if (r != null && r.getState().outbound()
                    && outcomes.stream().noneMatch(o -> o.recipient().equals(address))) {
                defer(job, r, "451 4.3.0 the outbound client gave no outcome", null, now).ifPresent(bounced::add);
            }
        }
        finish(job, bounced, delivered, now);
    }

    /**
     * Records a failure for now: DEFERRED until the schedule's next attempt, or BOUNCED when the lifetime has passed.
     *
     * @return the row when it bounced
     */
    Optional<QueueRecipient> defer(QueueJob job, QueueRecipient r, String reply, String host, Instant now) {
        Optional<Instant> next = schedule().nextAttempt(job.getCreatedAt(), r.getAttempts() + 1, now);
        if (next.isPresent()) {
            r.recordAttempt(QueueRecipient.State.DEFERRED, reply, host, next.get());
            return Optional.empty();
        }
        r.recordAttempt(QueueRecipient.State.BOUNCED,
                "4.4.7 delivery time expired after " + schedule().lifetime().toDays() + " days; last reply: " + reply,
                host, null);
        return Optional.of(r);
    }

    private void finish(QueueJob job, List<QueueRecipient> bounced, List<QueueRecipient> delivered, Instant now) {
        QueueJob.State state = job.deriveState(now);
        if (!bounced.isEmpty()) {
            reports.failed(job, bounced, now);
        }
        if (!delivered.isEmpty()) {
            reports.delivered(job, delivered, true, now);
        }
        LOG.fine(() -> "Delivery job " + job.getQueueId() + " is " + state);
    }

    /** Sends the delay warning of a job still waiting, once. */
    public void warnDelayed(long jobId, Instant now) {
        Optional<QueueJob> locked = queue.lock(jobId)
                .filter(j -> j.getWarnedAt() == null && j.getState() == QueueJob.State.WAITING);
        if (locked.isEmpty()) {
            return;
        }
        QueueJob job = locked.get();
        job.setWarnedAt(now);
        List<QueueRecipient> deferred = job.getRecipients().stream()
                .filter(r -> r.getState() == QueueRecipient.State.DEFERRED)
                .toList();
        reports.delayed(job, deferred, schedule().expiry(job.getCreatedAt()), now);
    }

    /**
     * Removes up to {@code limit} jobs settled before {@code settledBefore} (content and recipient rows; the
     * mailbox copies are not touched).
     *
     * @return how many went
     */
    public int removeSettled(Instant settledBefore, int limit) {
        return queue.remove(queue.settledBefore(settledBefore, limit));
    }

    /** What an administrator does to one job (issue 12: postqueue/exim -M equivalents). */
    public enum Action {
        /** Every waiting recipient due now (a local delivery that failed, handed to the broker by the next run). */
        RETRY,
        /** Outbound recipients (QUEUED, DEFERRED) kept back until released. */
        HOLD,
        /** Held recipients due now again. */
        RELEASE,
        /** Every waiting recipient fails now, with a failure report to the sender. */
        BOUNCE,
        /** Every waiting recipient removed, no report. */
        DROP
    }

    /**
     * Applies an administrator's action to the job with this queue id, in one transaction with the job locked.
     *
     * @return the recipients it changed (0: nothing of the job was in a state the action applies to; -1: there is
     *         no such job)
     */
    public int apply(String queueId, Action action, String admin, Instant now) {
        Optional<QueueJob> found = queue.find(queueId).flatMap(j -> queue.lock(j.getId()));
        if (found.isEmpty()) {
            return -1;
        }
        QueueJob job = found.get();
        List<QueueRecipient> changed = new ArrayList<>();
        String note = "by the administrator " + admin;
        for (QueueRecipient r : job.getRecipients()) {
            QueueRecipient.State state = r.getState();
            boolean waiting = state.outbound() || state == QueueRecipient.State.HELD
                    || state == QueueRecipient.State.PENDING;
            switch (action) {
                case RETRY -> {
                    if (state.outbound()) {
                        r.setNextAttempt(now);
                        changed.add(r);
                    } else if (state == QueueRecipient.State.PENDING && job.getAttempts() > 0) {
                        changed.add(r);
                    }
                }
                case HOLD -> {
                    if (state.outbound()) {
                        r.setState(QueueRecipient.State.HELD, "held " + note + "; last: " + r.getDetail());
                        changed.add(r);
                    }
                }
                case RELEASE -> {
                    if (state == QueueRecipient.State.HELD) {
                        r.setState(r.getAttempts() > 0 ? QueueRecipient.State.DEFERRED : QueueRecipient.State.QUEUED,
                                "released " + note);
                        r.setNextAttempt(now);
                        changed.add(r);
                    }
                }
                case BOUNCE -> {
                    if (waiting) {
                        r.recordAttempt(QueueRecipient.State.BOUNCED, "5.0.0 returned to the sender " + note
                                + (r.getDetail() == null ? "" : "; last: " + r.getDetail()), r.getRemoteHost(), null);
                        changed.add(r);
                    }
                }
                case DROP -> {
                    if (waiting) {
                        r.setState(QueueRecipient.State.DROPPED, "dropped " + note);
                        r.setNextAttempt(null);
                        changed.add(r);
                    }
                }
            }
        }
        if (action == Action.RETRY && job.getState() == QueueJob.State.QUEUED && job.getAttempts() > 0) {
            job.setNextAttempt(now); // the runner hands it to the broker at its next run
        }
        job.deriveState(now);
        if (action == Action.BOUNCE && !changed.isEmpty()) {
            reports.failed(job, changed, now);
        }
        LOG.info("Queue: " + admin + " " + action.name().toLowerCase(java.util.Locale.ROOT) + " job " + queueId
                + " (" + changed.size() + " recipient(s)); it is " + job.getState());
        return changed.size();
    }

    /** Makes every deferred recipient due now ({@code postqueue -f}). */
    public int flush(String admin, Instant now) {
        int n = queue.flushDeferred(now);
        LOG.info("Queue: " + admin + " flushed the queue (" + n + " deferred recipient(s) due now)");
        return n;
    }
}
