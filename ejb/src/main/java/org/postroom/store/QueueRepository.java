package org.postroom.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Delivery jobs (the outbox), their recipients, and the idempotency records of local deliveries. */
public interface QueueRepository {

    /** Stores a new job with its recipient rows; a duplicate queue id fails. */
    QueueJob add(QueueJob job);

    /**
     * A job to store with {@link #addRow}: its first state is QUEUED, each recipient's PENDING; with MAIL's RET and
     * ENVID and each recipient's NOTIFY and ORCPT (RFC 3461), null where not given ({@code recipientDsn} is empty, or
     * has one entry per recipient).
     */
    record NewJob(String queueId, String sender, long contentId, long size, String clientAddress,
            String authenticatedUser, Instant createdAt, List<String> recipients, String ret, String envelopeId,
            List<RecipientDsn> recipientDsn) {

        public NewJob {
            recipientDsn = List.copyOf(recipientDsn);
            if (!recipientDsn.isEmpty() && recipientDsn.size() != recipients.size()) {
                throw new IllegalArgumentException("one DSN entry per recipient");
            }
        }

        /** A job without DSN parameters. */
        public NewJob(String queueId, String sender, long contentId, long size, String clientAddress,
                String authenticatedUser, Instant createdAt, List<String> recipients) {
            this(queueId, sender, contentId, size, clientAddress, authenticatedUser, createdAt, recipients, null,
                    null, List.of());
        }
    }

    /** A recipient's NOTIFY= and ORCPT= (either may be null). */
    record RecipientDsn(String notifyConditions, String originalRecipient) {
    }

    /**
     * {@link #add} with plain statements (the SMTP acceptance path, ADR 0019): the job row, then its recipient rows
     * in one batch, in the caller's transaction; a duplicate queue id fails at once with a
     * {@link jakarta.persistence.PersistenceException}. The content must be in the database (in this transaction or
     * an earlier one).
     *
     * @return the new job's id
     */
    long addRow(NewJob job);

    Optional<QueueJob> find(String queueId);

    Optional<QueueJob> find(long id);

    /** The job, locked against concurrent change until the transaction ends (two deliveries of one job serialise). */
    Optional<QueueJob> lock(long id);

    /**
     * The jobs with these ids that exist, ordered by id, locked against concurrent change until the transaction
     * ends, in one statement; their recipients and contents are read with them (one statement each for all jobs).
     */
    List<QueueJob> lockAll(Collection<Long> ids);

    /** Jobs, newest first, all or in one state, at most {@code limit}. */
    List<QueueJob> list(Optional<QueueJob.State> state, int limit);

    /**
     * Ids of {@link QueueJob.State#QUEUED} jobs created before {@code createdBefore} that were never handed to the
     * broker (a crash between commit and send), oldest first, at most {@code limit}.
     */
    List<Long> notHandedOff(Instant createdBefore, int limit);

    /** How many jobs are {@link QueueJob.State#QUEUED} (accepted, local delivery not finished). */
    long countQueued();

    /**
     * Records that the broker has these jobs' messages, in one statement; a no-op for a job that was handed off
     * already, and ids of jobs that no longer exist are ignored.
     */
    void markHandedOff(Collection<Long> ids, Instant at);

    /** The final recipients whose mailbox the job was already appended to (one query for the whole job). */
    Set<String> deliveredRecipients(long jobId);

    /**
     * Records the delivery of a job to a final recipient, in the caller's transaction (the one that appends the
     * message). A duplicate (job, recipient) fails that transaction, at the latest when it commits, with a
     * {@link jakarta.persistence.PersistenceException}: the message is then not appended either.
     */
    DeliveryRecord recordDelivery(DeliveryRecord record);

    /**
     * {@link #recordDelivery} for many records with one batched plain statement (the delivery path, ADR 0019), written
     * at once: a duplicate (job, recipient) fails the call with a {@link jakarta.persistence.PersistenceException}.
     */
    void recordDeliveries(List<DeliveryRecord> records);

    /**
     * Ids of {@link QueueJob.State#QUEUED} jobs whose local delivery is due again (ADR 0042): a failed attempt's next
     * attempt has come ({@code attempts > 0}), or the job has waited with its next attempt before
     * {@code stuckBefore} (its queue message was lost, say in the broker's dead-letter queue). Oldest first.
     */
    List<Long> dueForLocalDelivery(Instant now, Instant stuckBefore, int limit);

    /** Ids of jobs with an outbound recipient ({@code QUEUED} or {@code DEFERRED}) due at {@code now}, by id. */
    List<Long> dueForOutbound(Instant now, int limit);

    /**
     * Ids of {@link QueueJob.State#WAITING} jobs with a sender, accepted before {@code acceptedBefore}, no delay
     * warning sent yet, and a {@code DEFERRED} recipient: the delay warnings due. Oldest first.
     */
    List<Long> dueForDelayWarning(Instant acceptedBefore, int limit);

    /** Ids of jobs settled before {@code settledBefore} (the retention has passed), oldest first. */
    List<Long> settledBefore(Instant settledBefore, int limit);

    /**
     * Removes these jobs: their delivery records, recipient rows and job rows, and their content when nothing else
     * refers to it (the copies in mailboxes keep theirs).
     *
     * @return how many jobs were removed
     */
    int remove(Collection<Long> jobIds);

    /** Where a listing page ends: the last job's acceptance time and id (the listing is newest first). */
    record Cursor(Instant createdAt, long id) {
    }

    /**
     * Jobs newest first (acceptance time, then id), in one of {@code states}, from {@code sender} when given (the
     * reverse path, case as stored; "" for {@code <>}), with a recipient in {@code recipientDomain} when given,
     * after {@code after} when given, at most {@code limit}.
     */
    List<QueueJob> search(Collection<QueueJob.State> states, Optional<String> sender, Optional<String> recipientDomain,
            Optional<Cursor> after, int limit);

    /** Makes every DEFERRED recipient due now (flush), in one statement; returns how many. */
    int flushDeferred(Instant now);
}
