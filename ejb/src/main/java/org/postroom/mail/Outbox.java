package org.postroom.mail;

import org.postroom.connector.api.QueueIds;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.postroom.domain.EmailAddress;
import org.postroom.store.ContentRepository;
import org.postroom.store.QueueRepository;

/**
 * The outbox: accepted messages and their delivery jobs, written in transactions of their own so that the caller
 * knows, when a method returns, that its work is committed.
 */
@Stateless
public class Outbox {

    /** A committed job. */
    public record Enqueued(long id, String queueId) {
    }

    /**
     * The DSN parameters of a message (RFC 3461): MAIL's RET and ENVID (null when not given), and each recipient's
     * NOTIFY and ORCPT in the order of the recipients (empty: none given).
     */
    public record EnvelopeDsn(String ret, String envelopeId, List<QueueRepository.RecipientDsn> recipients) {
        public static final EnvelopeDsn NONE = new EnvelopeDsn(null, null, List.of());

        public EnvelopeDsn {
            recipients = List.copyOf(recipients);
        }
    }

    @Inject
    StoreDirectory directory;
    @Inject
    ContentRepository contents;
    @Inject
    QueueRepository queue;

    /**
     * Checks the message size rules, then stores the content once and its delivery job with one row per recipient,
     * in one transaction that commits before this method returns: THE DURABILITY POINT of an accepted message. After
     * it, a crash loses nothing; the job is delivered from the database (the sweeper sends it to the broker if the
     * caller could not).
     *
     * @throws MailRejection 552 5.3.4 when the message is too large for the server or a recipient; nothing is stored
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Enqueued enqueue(SmtpSessionInfo session, String queueId, Optional<EmailAddress> sender,
            List<EmailAddress> recipients, byte[] data) throws MailRejection {
        return enqueue(session, queueId, sender, recipients, data, EnvelopeDsn.NONE);
    }

    /**
     * {@link #enqueue(SmtpSessionInfo, String, Optional, List, byte[])} keeping the DSN parameters of MAIL and of each
     * recipient (RFC 3461) for the reports.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Enqueued enqueue(SmtpSessionInfo session, String queueId, Optional<EmailAddress> sender,
            List<EmailAddress> recipients, byte[] data, EnvelopeDsn dsn) throws MailRejection {
        directory.policy().checkMessageSize(data.length, recipients);
        // Plain statements (ADR 0019): three rows and a few recipients need no entities.
        Instant now = Instant.now();
        long contentId = contents.storeContentRow(data, now);
        String client = session.clientAddress();
        String id = QueueIds.isWellFormed(queueId) ? queueId : QueueIds.next();
        Map<String, QueueRepository.RecipientDsn> byRecipient = new LinkedHashMap<>();
        for (int i = 0; i < recipients.size(); i++) {
            byRecipient.putIfAbsent(recipients.get(i).toString(), dsn.recipients().isEmpty()
                    ? new QueueRepository.RecipientDsn(null, null)
                    : dsn.recipients().get(i));
        }
        long jobId = queue.addRow(new QueueRepository.NewJob(id, sender.map(EmailAddress::toString).orElse(null),
                contentId, data.length, client.length() > 64 ? client.substring(0, 64) : client,
                session.authenticatedUser().orElse(null), now, List.copyOf(byRecipient.keySet()), dsn.ret(),
                dsn.envelopeId(), List.copyOf(byRecipient.values())));
        return new Enqueued(jobId, id);
    }

    /** Records that the broker has these jobs' messages (so the sweeper leaves them alone), in one transaction. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void markHandedOff(List<Long> jobIds) {
        queue.markHandedOff(jobIds, Instant.now());
    }

    /** How many jobs wait for delivery (QUEUED), for {@link DeliveryBacklog#resync}. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public long queuedCount() {
        return queue.countQueued();
    }

    /** Queued jobs created before {@code createdBefore} that the broker never received, oldest first. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<Long> notHandedOff(Instant createdBefore, int limit) {
        return queue.notHandedOff(createdBefore, limit);
    }
}
