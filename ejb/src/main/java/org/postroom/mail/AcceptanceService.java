package org.postroom.mail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

import jakarta.ejb.EJB;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.postroom.config.PostroomConfig;
import org.postroom.store.MemoryBudget;
import org.postroom.connector.api.Accepted;
import org.postroom.connector.api.AuthenticatedUser;
import org.postroom.connector.api.AuthenticationResult;
import org.postroom.connector.api.Credentials;
import org.postroom.connector.api.MailParameters;
import org.postroom.connector.api.MailAddress;
import org.postroom.connector.api.RecipientParameters;
import org.postroom.connector.api.RejectException;
import org.postroom.connector.api.ReversePath;
import org.postroom.connector.api.SessionContext;
import org.postroom.connector.api.SmtpAcceptanceListener;
import org.postroom.domain.EmailAddress;
import org.postroom.domain.SubmissionIdentity;
import org.postroom.connector.api.QueueIds;
import org.postroom.store.QueueRepository;
import org.postroom.store.db.DiskSync;
import org.postroom.domain.InvalidAddressException;
import org.postroom.service.UserAuthenticationService;

/**
 * Decides what an SMTP session may send (see {@link RecipientPolicy} for the rules) and takes responsibility for
 * accepted messages, as the listener the SMTP engine calls (ADR 0030): {@link #checkSender} at MAIL,
 * {@link #checkRecipient} at each RCPT, {@link #accept} at the end of DATA. The message-driven beans
 * ({@code org.postroom.smtp.SmtpEndpoint}, {@code SubmissionEndpoint}, {@code SmtpsEndpoint}) are this class with an
 * activation spec. The listener methods translate the adapter's values to the domain's and a {@link MailRejection}
 * to a {@link RejectException}, which rolls the call's transaction back (declared in ejb-jar.xml, as
 * {@code MailRejection} did when it left the session bean this class was).
 */
public class AcceptanceService implements SmtpAcceptanceListener {

    private static final Logger LOG = Logger.getLogger(AcceptanceService.class.getName());
    private static final MailReply NO_RECIPIENTS = new MailReply(554, "5.5.1", "no valid recipients");
    private static final MailReply BUSY = new MailReply(451, "4.3.1",
            "insufficient system resources right now, try again later");
    /** How long a message waits for room in the memory budget before it is refused for now. */
    static final Duration BUDGET_WAIT = Duration.ofSeconds(30);
    private static volatile MemoryBudget budget;

    @Inject
    StoreDirectory directory;
    @Inject
    PostroomConfig config;
    @EJB
    Outbox outbox;
    @EJB
    DeliveryDispatcher dispatcher;
    @Inject
    DeliveryBacklog backlog;
    @Inject
    PendingDeliveries pending;
    @Inject
    DiskSync diskSync;
    @EJB
    UserAuthenticationService authentication;

    private volatile InflowControl inflow;

    @Override
    public Duration checkSender(SessionContext session, ReversePath from, MailParameters parameters)
            throws RejectException {
        try {
            return checkSender(info(session), sender(from));
        } catch (MailRejection e) {
            throw reject(e);
        }
    }

    @Override
    public void checkRecipient(SessionContext session, ReversePath from, MailParameters parameters,
            MailAddress recipient)
            throws RejectException {
        try {
            checkRecipient(info(session), sender(from), recipient(recipient), parameters.declaredSize().orElse(0));
        } catch (MailRejection e) {
            throw reject(e);
        }
    }

    /** No transaction is held while the client's bytes are read; the outbox commits in its own. */
    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Accepted accept(SessionContext session, String queueId, ReversePath from, List<MailAddress> recipients,
            InputStream content, long size) throws RejectException, IOException {
        return accept(session, queueId, from, MailParameters.NONE, recipients, List.of(), content, size);
    }

    /** As the other {@code accept}, keeping the DSN parameters (RFC 3461) with the job for its reports. */
    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Accepted accept(SessionContext session, String queueId, ReversePath from, MailParameters parameters,
            List<MailAddress> recipients, List<RecipientParameters> recipientParameters, InputStream content,
            long size) throws RejectException, IOException {
        List<EmailAddress> addresses = new ArrayList<>(recipients.size());
        for (MailAddress m : recipients) {
            addresses.add(recipient(m));
        }
        List<QueueRepository.RecipientDsn> dsn = recipientParameters.size() == recipients.size()
                ? recipientParameters.stream().map(p -> new QueueRepository.RecipientDsn(
                        p.notifyConditions().orElse(null), p.originalRecipient().orElse(null))).toList()
                : List.of();
        Outbox.EnvelopeDsn envelope = new Outbox.EnvelopeDsn(parameters.ret().orElse(null),
                parameters.envelopeId().orElse(null), dsn);
        try {
            return new Accepted(
                    accept(info(session), queueId, sender(from), addresses, content, size, envelope).queueId());
        } catch (MailRejection e) {
            throw reject(e);
        }
    }

    @Override
    public AuthenticationResult authenticate(SessionContext session, Credentials credentials) {
        return authentication.authenticate(credentials.username(), credentials.password());
    }

    static SmtpSessionInfo info(SessionContext session) {
        InetAddress address = session.clientAddress().getAddress();
        String client = address == null ? session.clientAddress().getHostString() : address.getHostAddress();
        return new SmtpSessionInfo(client, session.authenticatedUser().map(AuthenticatedUser::name), session.tls());
    }

    static Optional<EmailAddress> sender(ReversePath from) throws RejectException {
        if (from.mailbox().isEmpty()) {
            return Optional.empty();
        }
        MailAddress m = from.mailbox().get();
        try {
            return Optional.of(EmailAddress.of(m.localPart(), m.domain()));
        } catch (InvalidAddressException e) {
            throw new RejectException(553, "5.1.7", "Sender address not supported here: " + e.getMessage());
        }
    }

    static EmailAddress recipient(MailAddress m) throws RejectException {
        try {
            return EmailAddress.of(m.localPart(), m.domain());
        } catch (InvalidAddressException e) {
            throw new RejectException(553, "5.1.3", "Recipient address not supported here: " + e.getMessage());
        }
    }

    static RejectException reject(MailRejection e) {
        return new RejectException(e.code(), e.enhancedCode(), e.text());
    }

    /**
     * MAIL FROM. An authenticated session (submission, RFC 6409) may use only its user's own address, an alias that
     * expands to it, or an address granted to it (send-as), or {@code <>}; anything else is 553 5.7.1. An
     * unauthenticated session may use any reverse-path, and the recipients decide (relay, restrictions).
     *
     * @param sender the reverse-path; empty for {@code <>}
     * @return how long the adapter holds the 250 (in-flow control, ADR 0015): zero unless the delivery backlog is
     *         above its threshold; no thread waits for it
     */
    Duration checkSender(SmtpSessionInfo session, Optional<EmailAddress> sender) throws MailRejection {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(sender, "sender (use Optional.empty() for <>)");
        if (session.authenticated() && sender.isPresent()) {
            requireOwned(session, sender.get());
        }
        return inflow().delay(backlog.size());
    }

    /** Refuses (553 5.7.1) an address the session's user may not submit mail as ({@link SubmissionIdentity}). */
    private void requireOwned(SmtpSessionInfo session, EmailAddress address) throws MailRejection {
        String login = session.authenticatedUser().orElseThrow();
        Optional<EmailAddress> user = SubmissionIdentity.address(login);
        if (user.isEmpty() || !SubmissionIdentity.mayUse(user.get(), address, directory.aliasLookup(),
                directory.sendAs(user.get()))) {
            throw new MailRejection(new MailReply(553, "5.7.1",
                    "<" + address + ">: sender address not owned by user " + login));
        }
    }

    /**
     * What submission checks and adds at the end of DATA (RFC 6409): every From: address must be one the user may
     * use (553 5.7.1), and a message without {@code Date:} or {@code Message-ID:} gets them.
     */
    private byte[] submitted(SmtpSessionInfo session, String queueId, byte[] data) throws MailRejection {
        for (String from : SubmissionIdentity.fromAddresses(data)) {
            Optional<EmailAddress> address = SubmissionIdentity.address(from);
            if (address.isEmpty()) {
                throw new MailRejection(new MailReply(553, "5.7.1", "From: address not owned by user "
                        + session.authenticatedUser().orElseThrow()));
            }
            requireOwned(session, address.get());
        }
        String id = QueueIds.isWellFormed(queueId) ? queueId : QueueIds.next();
        return SubmissionIdentity.addMissingFields(data, id, config.hostname(), Instant.now());
    }

    /**
     * RCPT TO: the recipient rule of {@link RecipientPolicy}.
     *
     * @param declaredSize the SIZE= of MAIL FROM, or 0
     * @return how the recipient will be reached
     * @throws MailRejection with the reply for the client
     */
    RecipientPolicy.Route checkRecipient(SmtpSessionInfo session, Optional<EmailAddress> sender,
            EmailAddress recipient, long declaredSize) throws MailRejection {
        return directory.policy().checkRecipient(session, sender, recipient, declaredSize);
    }

    /**
     * End of DATA: reads the message (refusing it, 552 5.3.4, as soon as it exceeds the server's limit), applies the
     * size rules, and stores content and delivery job in one committed transaction ({@link Outbox#enqueue}); only then
     * returns, so the adapter's 250 always follows the commit. The job's id is then sent to the delivery queue; if that
     * fails the message is still safe, and the outbox sweeper sends it.
     *
     * @param queueId the id the SMTP session gave the message (in its Received header); a new one is made when it is
     *        not a well-formed {@link org.postroom.connector.api.QueueIds queue id}
     * @param content the message as it will be stored, read once to its end
     * @param size its length as the adapter counted it (the stored length is what was read)
     * @throws MailRejection when the message is refused; nothing is stored
     * @throws IOException when reading the content fails; nothing is stored
     */
    AcceptedMessage accept(SmtpSessionInfo session, String queueId, Optional<EmailAddress> sender,
            List<EmailAddress> recipients, InputStream content, long size) throws MailRejection, IOException {
        return accept(session, queueId, sender, recipients, content, size, Outbox.EnvelopeDsn.NONE);
    }

    /** As the other, with the message's DSN parameters (RFC 3461). */
    AcceptedMessage accept(SmtpSessionInfo session, String queueId, Optional<EmailAddress> sender,
            List<EmailAddress> recipients, InputStream content, long size, Outbox.EnvelopeDsn dsn)
            throws MailRejection, IOException {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(sender, "sender (use Optional.empty() for <>)");
        Objects.requireNonNull(content, "content");
        if (recipients == null || recipients.isEmpty()) {
            throw new MailRejection(NO_RECIPIENTS);
        }
        long limit = directory.policy().maxMessageBytes();
        if (size > limit) {
            throw new MailRejection(MailReply.tooLarge(limit));
        }
        Optional<MemoryBudget.Lease> lease;
        try {
            lease = budget().tryAcquire(size, BUDGET_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailRejection(BUSY);
        }
        if (lease.isEmpty()) {
            LOG.warning("Refusing a message of " + size + " bytes for now: the acceptance memory budget is in use");
            throw new MailRejection(BUSY);
        }
        byte[] data;
        Outbox.Enqueued job;
        try (MemoryBudget.Lease held = lease.get()) {
            byte[] read = readAtMost(content, limit);
            data = session.authenticated() ? submitted(session, queueId, read) : read;
            job = outbox.enqueue(session, queueId, sender, List.copyOf(recipients), data, dsn);
        }
        // Committed; and on the disk, not only in the OS's cache, before the 250 (ADR 0026): from here on the message
        // is the server's responsibility.
        diskSync.afterCommit();
        backlog.accepted();
        pending.add(job.id(), data.length);
        LOG.fine(() -> "Accepted " + job.queueId() + " from " + session.clientAddress() + ", " + data.length
                + " bytes, " + recipients.size() + " recipient(s)");
        dispatcher.handOffLater(job.id());
        return new AcceptedMessage(job.queueId(), data.length, recipients);
    }

    private InflowControl inflow() {
        InflowControl c = inflow;
        if (c == null) {
            c = new InflowControl(config.inflowBacklog(), Duration.ofMillis(config.inflowMaxDelayMillis()));
            inflow = c;
        }
        return c;
    }

    private MemoryBudget budget() {
        MemoryBudget b = budget;
        if (b == null) {
            b = MemoryBudget.shared(config.acceptMemoryBudgetBytes());
            budget = b;
        }
        return b;
    }

    /** Reads the stream to its end, refusing it (552 5.3.4) once it exceeds {@code limit} bytes. */
    static byte[] readAtMost(InputStream in, long limit) throws IOException, MailRejection {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            total += n;
            if (total > limit) {
                throw new MailRejection(MailReply.tooLarge(limit));
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
