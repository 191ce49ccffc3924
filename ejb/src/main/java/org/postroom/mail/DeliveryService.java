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
import java.util.logging.Level;
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
import org.postroom.messaging.EmbeddedBroker;
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
 * Delivers a queued job to its local recipients, once.
 *
 * <p>In one transaction of its own, with the job row locked: expands every pending envelope recipient with
 * {@link AliasExpander} (loops are cut and logged); then for
 * each final recipient: a remote one is left {@link QueueRecipient.State#QUEUED} for outbound delivery; a local user
 * whose restrictions or quota refuse the message is {@link QueueRecipient.State#FAILED} with the reply as reason; any
 * other local user gets the message appended to its INBOX together with a {@link DeliveryRecord} (job, recipient)
 * whose unique constraint makes a second append impossible. The local copies share one content as delivered,
 * {@code Return-Path:} on top, stored with its {@link HeaderFields} and MIME structure for IMAP (ADR 0025). The appends come last, so each INBOX row (whose lock
 * orders UID allocation) is held only while the transaction finishes. The job is then DELIVERED (or FAILED when every recipient
 * failed). A job that is not QUEUED any more is left alone, so a redelivered or duplicated queue message is harmless.
 *
 * <p>{@link #deliverTogether} does the same for several jobs in one transaction (one commit, one INBOX lock per user),
 * which {@link DeliveryWorker} uses while a backlog waits.
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
            job.recordAttempt(null, null);
            job.setState(finalState(job));
            DeliveredContent content = delivered.get(job.getId());
            if (content != null && job.getState() != QueueJob.State.QUEUED && job.getRecipients().stream()
                    .noneMatch(r -> r.getState() == QueueRecipient.State.QUEUED)) {
                // nothing waits for relay: the job keeps the content as delivered, and the content as received,
                // referenced by nothing now, goes with the next content sweep (ADR 0025)
                job.setContent(contents.contentReference(content.id()));
            }
            LOG.fine(() -> "Delivery job " + job.getQueueId() + " is " + job.getState());
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
            if (row.getState() != QueueRecipient.State.PENDING || row.getVia() != null) {
                continue;
            }
            EmailAddress address = EmailAddress.parse(row.getAddress());
            AliasExpander.Expansion expansion = expander.expand(address);
            String loops = expansion.loops().isEmpty()
                    ? ""
                    : " (alias loop cut at " + expansion.loops().stream().map(EmailAddress::toString)
                            .collect(Collectors.joining(", ")) + ")";
            if (!loops.isEmpty()) {
                LOG.warning("Delivery job " + job.getQueueId() + ": expanding " + address + loops);
            }
            if (expansion.recipients().equals(List.of(address))) {
                deliverTo(job, deliveredSize, row, address, sender, lookups, alreadyDelivered, appends);
                continue;
            }
            if (expansion.recipients().isEmpty()) {
                row.setState(QueueRecipient.State.FAILED, "550 5.1.1 the alias expands to no recipient" + loops);
                continue;
            }
            row.setState(QueueRecipient.State.EXPANDED,
                    "expanded to " + expansion.recipients().size() + " recipient(s)" + loops);
            for (EmailAddress target : expansion.recipients()) {
                QueueRecipient targetRow = job.recipient(target.toString())
                        .orElseGet(() -> job.addExpandedRecipient(target.toString(), address.toString()));
                if (targetRow.getState() == QueueRecipient.State.PENDING) {
                    deliverTo(job, deliveredSize, targetRow, target, sender, lookups, alreadyDelivered, appends);
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
        analysis.storeHeaderFields(id, content, true); // a new content: no envelope or structure can exist for it
        analysis.storeStructure(id, content, true);
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
     * Counts a failed delivery attempt in a transaction of its own (the attempt's own transaction is rolled back);
     * after as many attempts as the broker makes, the job is DEAD (its message is then in the dead-letter queue).
     *
     * @return whether the job is now DEAD
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean recordFailure(long jobId, Throwable error) {
        Optional<QueueJob> queued = queue.find(jobId).filter(job -> job.getState() == QueueJob.State.QUEUED);
        if (queued.isEmpty()) {
            return false;
        }
        QueueJob job = queued.get();
        int attempt = job.getAttempts() + 1;
        boolean dead = attempt >= EmbeddedBroker.MAX_DELIVERY_ATTEMPTS;
        job.recordAttempt(describe(error), dead ? null : Instant.now().plus(backoff(attempt)));
        if (dead) {
            job.setState(QueueJob.State.DEAD);
            LOG.severe("Delivery job " + job.getQueueId() + " failed " + attempt + " times and is dead: "
                    + describe(error));
        }
        return dead;
    }

    /** The broker's redelivery delay before attempt {@code attempt + 1}: 1 s doubling, at most 60 s. */
    static Duration backoff(int attempt) {
        long millis = 1000L << Math.min(Math.max(attempt - 1, 0), 6);
        return Duration.ofMillis(Math.min(millis, 60_000L));
    }

    private void deliverTo(QueueJob job, long deliveredSize, QueueRecipient row, EmailAddress address,
            Optional<EmailAddress> sender, Lookups lookups, Set<String> alreadyDelivered, List<Append> appends) {
        // The account first: an account's domain is always hosted, so the domain is looked up only for the others.
        Optional<AccountLimits> account = lookups.account(address);
        if (account.isEmpty()) {
            if (lookups.hostsDomain(address.domain())) {
                row.setState(QueueRecipient.State.FAILED, MailReply.unknownUser(address.toString()).toString());
            } else {
                row.setState(QueueRecipient.State.QUEUED, "waiting for outbound delivery");
            }
            return;
        }
        // the limits judge the message as accepted (a message the SMTP dialogue admitted is not refused for the
        // line added at delivery); the usage counts what is stored
        Optional<MailReply> refusal = directory.policy().localRefusal(lookups.user(account.get()), sender,
                job.getSize());
        if (refusal.isPresent()) {
            row.setState(QueueRecipient.State.FAILED, refusal.get().toString());
            return;
        }
        if (!alreadyDelivered.contains(address.toString())) {
            appends.add(new Append(job, account.get(), address.toString()));
            lookups.appended(account.get(), deliveredSize);
        }
        row.setState(QueueRecipient.State.DELIVERED, null);
    }

    private static QueueJob.State finalState(QueueJob job) {
        boolean anyPending = false;
        boolean anyReached = false;
        for (QueueRecipient r : job.getRecipients()) {
            switch (r.getState()) {
                case PENDING -> anyPending = true;
                case DELIVERED, QUEUED -> anyReached = true;
                default -> {
                }
            }
        }
        if (anyPending) {
            return QueueJob.State.QUEUED;
        }
        return anyReached ? QueueJob.State.DELIVERED : QueueJob.State.FAILED;
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
