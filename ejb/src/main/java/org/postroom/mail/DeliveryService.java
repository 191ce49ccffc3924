package org.postroom.mail;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.postroom.domain.AliasExpander;
import org.postroom.domain.AliasLookup;
import org.postroom.domain.QuotaUsage;
import org.postroom.domain.EmailAddress;
import org.postroom.domain.HeaderFields;
import org.postroom.connector.api.mime.MessageStructure;
import org.postroom.config.PostroomConfig;
import org.postroom.domain.RetrySchedule;
import org.postroom.messaging.MailboxChangeNotifier;
import org.postroom.mime.ContentAnalysisService;
import org.postroom.store.AccountLimits;
import org.postroom.store.DeliveryRecord;
import org.postroom.store.ContentRepository;
import org.postroom.store.Folder;
import org.postroom.store.MessageRepository;
import org.postroom.store.QueueJob;
import org.postroom.store.QueueRecipient;
import org.postroom.store.QueueRepository;

/**
 * Delivers a queued job to its local recipients, once, and routes the others.
 *
 * <p>In one transaction of its own, with the job row locked: expands every pending envelope recipient with
 * {@link AliasExpander} (loops are cut and logged); then for
 * each final recipient: a remote one becomes {@link QueueRecipient.State#QUEUED} for outbound delivery, due at once;
 * a local user whose restrictions or quota refuse the message is {@link QueueRecipient.State#BOUNCED} with the reply
 * as reason (and the sender gets a failure report, {@link DeliveryReports}); any
 * other local user gets the message appended to its INBOX together with a {@link DeliveryRecord} (job, recipient)
 * whose unique constraint makes a second append impossible. The local copies share one content as delivered,
 * {@code Return-Path:} on top, stored with its {@link HeaderFields} and MIME structure for IMAP (ADR 0025). The appends come last, so each INBOX row (whose lock
 * orders UID allocation) is held only while the transaction finishes. The job's state is then what its recipients
 * say ({@link QueueJob#deriveState}). A job that is not QUEUED any more is left alone, so a redelivered or
 * duplicated queue message is harmless.
 *
 * <p>{@link #deliverTogether} does the same for several jobs in one transaction (one commit, one INBOX lock per user),
 * which {@link DeliveryWorker} uses while a backlog waits. A failed attempt follows the retry schedule
 * ({@link #recordFailure}, ADR 0042). A recipient that cannot be resolved because the corporate directory cannot be
 * asked ({@link DirectoryOutage}) is a temporary failure of that recipient alone: it stays PENDING with 451 4.4.3 as
 * its detail, the others are delivered, and the job's next attempt follows the same schedule (ADR 0065).
 */
@Stateless
public class DeliveryService {

    private static final Logger LOG = Logger.getLogger(DeliveryService.class.getName());

    @Inject
    QueueRepository queue;
    @Inject
    StoreDirectory directory;
    @Inject
    ContentRepository contents;
    @Inject
    MessageRepository messages;
    @Inject
    ContentAnalysisService analysis;
    @Inject
    MailboxChangeNotifier notifier;
    @Inject
    DeliveryReports reports;
    @Inject
    PostroomConfig config;
    @Inject
    OutboundKick kick;

    /**
     * Broker redeliveries (1 s, 2 s, 4 s: a lock timeout, a deadlock) before a failing job follows the retry schedule
     * (ADR 0042).
     */
    static final int QUICK_ATTEMPTS = 3;

    /** What {@link #recordFailure} made of a failed attempt. */
    public enum Failure {
        /** The job is not waiting for local delivery (settled, or gone): nothing recorded. */
        NOT_QUEUED,
        /** Let the broker redeliver its message soon. */
        RETRY_SOON,
        /** Tried again at its next attempt by the queue runner; the broker's message is done with. */
        SCHEDULED,
        /** The queue lifetime passed: its waiting recipients bounced, with a report. */
        BOUNCED
    }

    /**
     * Delivers the job by the rule of the class comment. Throws when the store fails; the caller (the MDB) lets the
     * broker redeliver.
     *
     * @return whether this call took the job out of {@link QueueJob.State#QUEUED} (false for a job already handled)
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean deliver(long jobId) {
        return deliverJobs(jobId, List.of()).contains(jobId);
    }

    /**
     * Delivers {@code jobId} as {@link #deliver} does and, in the same transaction, those of {@code others} that are
     * still QUEUED on their first attempt (a job that failed before is left to its own queue message, which counts
     * its attempts): one commit and one INBOX lock per user for the lot. Every job is locked, in one statement that
     * takes them in ascending id order (so two such transactions do not deadlock on each other's jobs), before
     * anything is written; a job that another
     * transaction delivers meanwhile is found not QUEUED and skipped, and its delivery records keep it exactly-once
     * even so. Throws when the store fails: nothing of the lot is then delivered.
     *
     * @return the ids of the jobs this call took out of {@link QueueJob.State#QUEUED}
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<Long> deliverTogether(long jobId, Collection<Long> others) {
        return deliverJobs(jobId, others);
    }

    private List<Long> deliverJobs(long jobId, Collection<Long> others) {
        SortedSet<Long> ids = new TreeSet<>(others);
        ids.add(jobId);
        Lookups lookups = new Lookups();
        List<QueueJob> handled = new ArrayList<>();
        List<Append> appends = new ArrayList<>();
        Map<Long, DeliveredContent> delivered = new HashMap<>();
        Map<Long, Set<String>> decidedBefore = new HashMap<>();
        List<QueueJob> locked = queue.lockAll(ids);
        if (locked.stream().noneMatch(job -> job.getId() == jobId)) {
            LOG.warning("Delivery job " + jobId + " does not exist; its queue message is dropped");
        }
        // The bytes of the jobs' contents in one query (envelope and structure are computed from them).
        Map<Long, byte[]> data = contents.contentsById(locked.stream()
                .filter(job -> job.getState() == QueueJob.State.QUEUED)
                .map(job -> job.getContent().getId())
                .toList());
        for (QueueJob job : locked) {
            if (job.getState() != QueueJob.State.QUEUED) {
                LOG.fine(() -> "Delivery job " + job.getQueueId() + " is " + job.getState() + " already");
                continue;
            }
            if (job.getId() != jobId && job.getAttempts() > 0) {
                continue;
            }
            // the rows handled before this attempt, so that only this attempt's outcomes are reported
            decidedBefore.put(job.getId(), job.getRecipients().stream()
                    .filter(r -> r.getState() != QueueRecipient.State.PENDING).map(QueueRecipient::getAddress)
                    .collect(Collectors.toSet()));
            decide(job, data, lookups, appends, delivered);
            handled.add(job);
        }
        // Last, so each INBOX row is locked (UID allocation) only for the end of the transaction; by account, so
        // that two transactions lock the INBOXes they share in the same order, and each INBOX once.
        appends.sort(Comparator.comparingLong((Append a) -> a.account().id()));
        Map<Long, Folder> inboxes = new HashMap<>();
        Instant now = Instant.now();
        List<DeliveryRecord> records = new ArrayList<>(appends.size());
        for (Append append : appends) {
            Folder inbox = inboxes.computeIfAbsent(append.account().id(),
                    account -> directory.lockedInbox(append.account()));
            QueueJob job = append.job();
            DeliveredContent content = delivered.get(job.getId());
            long messageId = messages.appendLockedRow(inbox, content.id(), content.size(), job.getCreatedAt());
            records.add(new DeliveryRecord(job.getId(), append.recipient(), messageId, now));
        }
        queue.recordDeliveries(records);
        inboxes.values().forEach(notifier::changed); // IMAP sessions hear of it after the commit
        List<Long> settled = new ArrayList<>();
        for (QueueJob job : handled) {
            recordAttempt(job, now);
            job.deriveState(now);
            report(job, decidedBefore.get(job.getId()), now);
            DeliveredContent content = delivered.get(job.getId());
            if (content != null && job.getState() != QueueJob.State.QUEUED && job.getRecipients().stream()
                    .noneMatch(r -> r.getState().outbound() || r.getState() == QueueRecipient.State.HELD)) {
                // nothing waits for relay: the job keeps the content as delivered, and the content as received,
                // referenced by nothing now, goes with the next content sweep (ADR 0025)
                job.setContent(contents.contentReference(content.id()));
            }
            LOG.fine(() -> "Delivery job " + job.getQueueId() + " is " + job.getState());
            if (kick != null
                    && job.getRecipients().stream().anyMatch(r -> r.getState() == QueueRecipient.State.QUEUED)) {
                kick.queued(job.getId()); // the first outbound attempt starts after the commit
            }
            if (job.getState() != QueueJob.State.QUEUED) {
                settled.add(job.getId());
            }
        }
        return settled;
    }

    /**
     * Decides every pending recipient of a locked, QUEUED job; the local appends go to {@code appends}, and when
     * there are any, the content they share, as delivered, to {@code delivered}.
     */
    private void decide(QueueJob job, Map<Long, byte[]> data, Lookups lookups, List<Append> appends,
            Map<Long, DeliveredContent> delivered) {
        // Every committed attempt counts itself (recordAttempt, or recordFailure), and a rolled-back attempt
        // leaves nothing behind: on a job's first attempt no envelope, structure or delivery record of it can
        // exist yet (its content is its own, stored by Outbox.enqueue), so the look-ups are skipped. Should that
        // ever be wrong, the primary keys and the unique (job, recipient) constraint fail the commit, the broker
        // redelivers, and the next attempt (attempts > 0) looks them up: exactly once either way.
        boolean firstAttempt = job.getAttempts() == 0;
        long contentId = job.getContent().getId();
        byte[] bytes = data.containsKey(contentId) ? data.get(contentId) : job.getContent().getData();
        byte[] returnPath = ReturnPath.line(job.getSender());
        long deliveredSize = bytes.length + returnPath.length;
        int appendsBefore = appends.size();
        Set<String> alreadyDelivered = firstAttempt ? Set.of() : queue.deliveredRecipients(job.getId());
        Optional<EmailAddress> sender = job.getSender().map(EmailAddress::parse);
        AliasExpander expander = new AliasExpander(lookups.aliases);
        for (QueueRecipient row : List.copyOf(job.getRecipients())) {
            if (row.getState() != QueueRecipient.State.PENDING) {
                continue;
            }
            EmailAddress address = EmailAddress.parse(row.getAddress());
            if (row.getVia() != null) {
                // a target of an earlier attempt's expansion that waited for the directory: delivered as it is
                deliverOrWait(job, deliveredSize, row, address, sender, lookups, alreadyDelivered, appends);
                continue;
            }
            AliasExpander.Expansion expansion;
            try {
                expansion = expander.expand(address);
            } catch (DirectoryOutage e) {
                waitForDirectory(job, row, e);
                continue;
            }
            String loops = expansion.loops().isEmpty()
                    ? ""
                    : " (alias loop cut at " + expansion.loops().stream().map(EmailAddress::toString)
                            .collect(Collectors.joining(", ")) + ")";
            if (!loops.isEmpty()) {
                LOG.warning("Delivery job " + job.getQueueId() + ": expanding " + address + loops);
            }
            if (expansion.recipients().equals(List.of(address))) {
                deliverOrWait(job, deliveredSize, row, address, sender, lookups, alreadyDelivered, appends);
                continue;
            }
            if (expansion.recipients().isEmpty()) {
                row.setState(QueueRecipient.State.BOUNCED, "550 5.1.1 the alias expands to no recipient" + loops);
                continue;
            }
            row.setState(QueueRecipient.State.EXPANDED,
                    "expanded to " + expansion.recipients().size() + " recipient(s)" + loops);
            for (EmailAddress target : expansion.recipients()) {
                QueueRecipient targetRow = job.recipient(target.toString()).orElseGet(() -> {
                    QueueRecipient added = job.addExpandedRecipient(target.toString(), address.toString());
                    // the alias's DSN parameters hold for its targets (RFC 3461 section 5.2.7 on expansion)
                    added.setDsnParameters(row.getNotify().orElse(null),
                            row.getOriginalRecipient().orElse("rfc822;" + address));
                    return added;
                });
                if (targetRow.getState() == QueueRecipient.State.PENDING) {
                    deliverOrWait(job, deliveredSize, targetRow, target, sender, lookups, alreadyDelivered,
                            appends);
                }
            }
        }
        if (appends.size() > appendsBefore) {
            delivered.put(job.getId(), storeDelivered(job, returnPath, bytes));
        }
    }

    /**
     * The content the local copies of a job share: the message as received with {@code Return-Path:} on top (RFC 5321
     * section 4.4, ADR 0025), stored with its envelope and structure before any INBOX is locked (nothing that takes a
     * lock of its own runs inside a folder's critical section).
     */
    private DeliveredContent storeDelivered(QueueJob job, byte[] returnPath, byte[] received) {
        byte[] content = ReturnPath.prepend(returnPath, received);
        long id = contents.storeContentRow(content, job.getCreatedAt());
        analysis.store(id, content, true); // a new content: no envelope or structure can exist for it
        return new DeliveredContent(id, content.length);
    }

    /** A stored content as delivered to mailboxes. */
    private record DeliveredContent(long id, long size) {
    }

    /** A local delivery decided in the loop, carried out at the end of the transaction. */
    private record Append(QueueJob job, AccountLimits account, String recipient) {
    }

    /**
     * What one delivery transaction has looked up (aliases, accounts, hosted domains, users with their usage), so
     * that several jobs for the same users look each up once. A user's usage grows with every message this
     * transaction appends for it, so the quota sees the messages of the jobs before.
     */
    private final class Lookups {
        final Map<EmailAddress, Optional<List<EmailAddress>>> aliasTargets = new HashMap<>();
        final AliasLookup aliases = address -> aliasTargets.computeIfAbsent(address,
                directory.aliasLookup()::targetsOf);
        final Map<EmailAddress, Optional<AccountLimits>> accounts = new HashMap<>();
        final Map<String, Boolean> hosted = new HashMap<>();
        final Map<Long, RecipientPolicy.LocalUser> users = new HashMap<>();

        Optional<AccountLimits> account(EmailAddress address) {
            return accounts.computeIfAbsent(address, directory::deliveryLimits);
        }

        boolean hostsDomain(String domain) {
            return hosted.computeIfAbsent(domain, directory::hostsDomain);
        }

        RecipientPolicy.LocalUser user(AccountLimits account) {
            return users.computeIfAbsent(account.id(), id -> directory.localUser(account));
        }

        void appended(AccountLimits account, long size) {
            users.computeIfPresent(account.id(), (id, u) -> new RecipientPolicy.LocalUser(u.address(),
                    u.restrictions(), u.quota(), new QuotaUsage(u.usage().bytes() + size, u.usage().messages() + 1)));
        }
    }

    /**
     * Counts a failed delivery attempt in a transaction of its own (the attempt's own transaction is rolled back).
     * The first {@value #QUICK_ATTEMPTS} are retried by the broker within seconds; after them the job follows the
     * retry schedule (ADR 0042): its next attempt is set and the queue runner hands it to the broker again then. Once
     * the queue lifetime has passed, its waiting recipients bounce and the sender gets a failure report.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Failure recordFailure(long jobId, Throwable error) {
        Optional<QueueJob> queued = queue.lock(jobId).filter(job -> job.getState() == QueueJob.State.QUEUED);
        if (queued.isEmpty()) {
            return Failure.NOT_QUEUED;
        }
        QueueJob job = queued.get();
        Instant now = Instant.now();
        int attempt = job.getAttempts() + 1;
        String reason = describe(error);
        if (attempt <= QUICK_ATTEMPTS) {
            job.recordAttempt(reason, now.plus(backoff(attempt)));
            return Failure.RETRY_SOON;
        }
        RetrySchedule schedule = config.retrySchedule();
        Optional<Instant> next = schedule.nextAttempt(job.getCreatedAt(), attempt - QUICK_ATTEMPTS, now);
        job.recordAttempt(reason, next.orElse(null));
        if (next.isPresent()) {
            LOG.warning("Delivery job " + job.getQueueId() + " failed " + attempt + " times; next attempt at "
                    + next.get() + ": " + reason);
            return Failure.SCHEDULED;
        }
        List<QueueRecipient> bounced = new ArrayList<>();
        for (QueueRecipient r : job.getRecipients()) {
            if (r.getState() == QueueRecipient.State.PENDING) {
                r.setState(QueueRecipient.State.BOUNCED,
                        "4.4.7 delivery time expired; local delivery kept failing: " + reason);
                bounced.add(r);
            }
        }
        job.deriveState(now);
        reports.failed(job, bounced, now);
        LOG.severe("Delivery job " + job.getQueueId() + " failed " + attempt + " times over "
                + schedule.lifetime() + " and bounced: " + reason);
        return Failure.BOUNCED;
    }

    /** The broker's redelivery delay before attempt {@code attempt + 1}: 1 s doubling, at most 60 s. */
    static Duration backoff(int attempt) {
        long millis = 1000L << Math.min(Math.max(attempt - 1, 0), 6);
        return Duration.ofMillis(Math.min(millis, 60_000L));
    }

    /**
     * The reports of a job's local outcomes of this attempt: a failure report for the recipients it bounced, a
     * success report for those delivered here that asked for one (NOTIFY=SUCCESS).
     */
    private void report(QueueJob job, Set<String> decidedBefore, Instant now) {
        List<QueueRecipient> bounced = new ArrayList<>();
        List<QueueRecipient> delivered = new ArrayList<>();
        for (QueueRecipient r : job.getRecipients()) {
            if (decidedBefore.contains(r.getAddress())) {
                continue;
            }
            if (r.getState() == QueueRecipient.State.BOUNCED) {
                bounced.add(r);
            } else if (r.getState() == QueueRecipient.State.DELIVERED && r.getNotify().isPresent()) {
                delivered.add(r);
            }
        }
        if (!bounced.isEmpty()) {
            reports.failed(job, bounced, now);
        }
        if (!delivered.isEmpty()) {
            reports.delivered(job, delivered, false, now);
        }
    }

    /** {@link #deliverTo}, or, when that needs the directory and it cannot be asked, the row waits. */
    private void deliverOrWait(QueueJob job, long deliveredSize, QueueRecipient row, EmailAddress address,
            Optional<EmailAddress> sender, Lookups lookups, Set<String> alreadyDelivered, List<Append> appends) {
        try {
            deliverTo(job, deliveredSize, row, address, sender, lookups, alreadyDelivered, appends);
        } catch (DirectoryOutage e) {
            waitForDirectory(job, row, e);
        }
    }

    /**
     * A recipient that cannot be resolved while the directory is away stays PENDING with the 451 4.4.3 as its detail;
     * the job's next attempt is set by {@link #recordAttempt(QueueJob, Instant)} (ADR 0065).
     */
    private static void waitForDirectory(QueueJob job, QueueRecipient row, DirectoryOutage e) {
        row.setState(QueueRecipient.State.PENDING, e.reply().toString());
        LOG.warning("Delivery job " + job.getQueueId() + ": " + e.getMessage());
    }

    /**
     * Counts this attempt of a job. When it left recipients PENDING (they wait for the directory), the job's next
     * attempt is set by the retry schedule (ADR 0042), and the queue runner hands it to the broker when it is due;
     * once the queue lifetime has passed, those recipients bounce (4.4.7) and are reported with the others of this
     * attempt.
     */
    private void recordAttempt(QueueJob job, Instant now) {
        List<QueueRecipient> waiting = job.getRecipients().stream()
                .filter(r -> r.getState() == QueueRecipient.State.PENDING).toList();
        if (waiting.isEmpty()) {
            job.recordAttempt(null, null);
            return;
        }
        Optional<Instant> next = config.retrySchedule().nextAttempt(job.getCreatedAt(), job.getAttempts() + 1, now);
        job.recordAttempt(waiting.get(0).getDetail(), next.orElse(null));
        if (next.isEmpty()) {
            for (QueueRecipient r : waiting) {
                r.setState(QueueRecipient.State.BOUNCED,
                        "4.4.7 delivery time expired; the recipient could not be resolved: " + r.getDetail());
            }
        }
    }

    private void deliverTo(QueueJob job, long deliveredSize, QueueRecipient row, EmailAddress address,
            Optional<EmailAddress> sender, Lookups lookups, Set<String> alreadyDelivered, List<Append> appends) {
        // The account first: an account's domain is always hosted, so the domain is looked up only for the others.
        Optional<AccountLimits> account = lookups.account(address);
        if (account.isPresent() && account.get().disabled()) {
            // kept, but disabled (a directory user who left, ADR 0066): no user for mail any more
            row.setState(QueueRecipient.State.BOUNCED, MailReply.unknownUser(address.toString()).toString());
            return;
        }
        if (account.isEmpty()) {
            if (lookups.hostsDomain(address.domain())) {
                row.setState(QueueRecipient.State.BOUNCED, MailReply.unknownUser(address.toString()).toString());
            } else {
                row.setState(QueueRecipient.State.QUEUED, "waiting for outbound delivery");
                row.setNextAttempt(Instant.now());
            }
            return;
        }
        // the limits judge the message as accepted (a message the SMTP dialogue admitted is not refused for the
        // line added at delivery); the usage counts what is stored
        Optional<MailReply> refusal = directory.policy().localRefusal(lookups.user(account.get()), sender,
                job.getSize());
        if (refusal.isPresent()) {
            row.setState(QueueRecipient.State.BOUNCED, refusal.get().toString());
            return;
        }
        if (!alreadyDelivered.contains(address.toString())) {
            appends.add(new Append(job, account.get(), address.toString()));
            lookups.appended(account.get(), deliveredSize);
        }
        row.setState(QueueRecipient.State.DELIVERED, null);
    }

    private static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return text.replaceAll("[\\r\\n]+", " ");
    }
}
