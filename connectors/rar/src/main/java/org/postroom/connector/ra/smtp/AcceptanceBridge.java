package org.postroom.connector.ra.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;
import org.postroom.connector.api.Accepted;
import org.postroom.connector.api.MailParameters;
import org.postroom.connector.api.MailAddress;
import org.postroom.connector.api.RecipientParameters;
import org.postroom.connector.api.RejectException;
import org.postroom.connector.api.ReversePath;
import org.postroom.connector.api.SessionContext;
import org.postroom.connector.api.SmtpAcceptanceListener;
import org.postroom.connector.api.SmtpTransactionListener;
import org.postroom.connector.api.SmtpTransactionListenerFactory;

/**
 * The bridge between the engine's per-transaction {@link SmtpTransactionListener} and the stateless
 * {@link SmtpAcceptanceListener} a message-driven bean implements: the transaction's state (session, queue id,
 * sender, accepted recipients) lives here, and each step becomes one stateless call, in protocol order:
 * {@code from} → {@code checkSender}, {@code recipient} → {@code checkRecipient}, {@code data} → {@code accept}
 * (with the spool's stream and size, and the DSN parameters of MAIL and of each RCPT). {@code done()} returns what {@code accept} answered: {@code accept} returning
 * is the durability point, and the engine answers 250 right after {@code done()}.
 */
public final class AcceptanceBridge implements SmtpTransactionListenerFactory {

    private static final Logger LOG = Logger.getLogger(AcceptanceBridge.class.getName());

    private final SmtpAcceptanceListener listener;
    private final Runnable onAccepted;

    /**
     * @param listener the business side (in the server: a proxy that creates one message endpoint per call)
     * @param onAccepted called after each accepted message (metrics)
     */
    public AcceptanceBridge(SmtpAcceptanceListener listener, Runnable onAccepted) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.onAccepted = Objects.requireNonNull(onAccepted, "onAccepted");
    }

    @Override
    public SmtpTransactionListener create(SessionContext session, String queueId) {
        return new Transaction(session, queueId);
    }

    private final class Transaction implements SmtpTransactionListener {
        private final SessionContext session;
        private final String queueId;
        private final List<MailAddress> recipients = new ArrayList<>();
        private final List<RecipientParameters> recipientParameters = new ArrayList<>();
        private ReversePath from;
        private MailParameters parameters;
        private Accepted accepted;

        Transaction(SessionContext session, String queueId) {
            this.session = session;
            this.queueId = queueId;
        }

        @Override
        public Duration from(ReversePath reversePath, MailParameters mailParameters) throws RejectException {
            Duration hold = listener.checkSender(session, reversePath, mailParameters);
            this.from = reversePath;
            this.parameters = mailParameters;
            return hold == null ? Duration.ZERO : hold;
        }

        @Override
        public void recipient(MailAddress forwardPath) throws RejectException {
            recipient(forwardPath, RecipientParameters.NONE);
        }

        @Override
        public void recipient(MailAddress forwardPath, RecipientParameters rcptParameters) throws RejectException {
            listener.checkRecipient(session, from, parameters, forwardPath);
            recipients.add(forwardPath);
            recipientParameters.add(rcptParameters);
        }

        @Override
        public void data(InputStream content) throws RejectException, IOException {
            if (!(content instanceof SizedSpoolFactory.SizedInputStream sized)) {
                throw new IOException("the spool must come from a SizedSpoolFactory");
            }
            accepted = Objects.requireNonNull(
                    listener.accept(session, queueId, from, parameters, List.copyOf(recipients),
                            List.copyOf(recipientParameters), sized, sized.size()),
                    "accept() returned null");
        }

        @Override
        public Accepted done() {
            onAccepted.run();
            LOG.fine(() -> "session " + session.sessionId() + ": message " + queueId + " accepted as "
                    + accepted.queueId() + " for " + recipients.size() + " recipient(s)");
            return accepted;
        }
    }
}
