package org.postroom.protocol.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;
import org.postroom.connector.api.Accepted;
import org.postroom.connector.api.RejectException;

/**
 * DATA (RFC 5321 section 4.1.1.4): opens a spool, writes the {@code Received:} header into it and switches the
 * session to the DATA stream ({@code 354}); {@link #complete} ends the transaction once the {@link DataDecoder}
 * found the end of data.
 */
final class DataCommand implements SmtpCommand {

    @Override
    public void execute(SmtpSession session, String argument) {
        if (!argument.isEmpty()) {
            session.reply(SmtpReplies.SYNTAX_ERROR.withText("Syntax: DATA"));
            return;
        }
        MailTransaction transaction = session.transaction();
        MessageSpool spool;
        try {
            spool = session.protocol().spoolFactory().create();
        } catch (IOException | RuntimeException e) {
            session.logFailure("spool creation", e);
            session.reply(session.localError());
            session.abortTransaction();
            return;
        }
        SmtpConfig config = session.config();
        byte[] received = ReceivedHeader.format(session.context().heloName().orElse("unknown"),
                session.clientAddress(), config.hostname(), session.context().protocol(), transaction.queueId(),
                transaction.recipients(), ZonedDateTime.now(session.protocol().clock()));
        transaction.startData(spool, new DataDecoder(spool.output(), config.maxMessageSize(),
                config.maxReceivedHeaders()));
        try {
            spool.output().write(received);
        } catch (IOException e) {
            session.logFailure("spool write", e);
            session.reply(session.localError());
            session.abortTransaction();
            return;
        }
        session.dataStarted();
        session.reply(SmtpReplies.START_MAIL_INPUT);
    }

    /** End of data reached: refuse the content, or hand it to the listener and answer with its decision. */
    static void complete(SmtpSession session, MailTransaction transaction) {
        DataDecoder.Outcome outcome = transaction.decoder().outcome();
        if (outcome == DataDecoder.Outcome.COMPLETE) {
            try {
                transaction.spool().output().close();
            } catch (IOException e) {
                outcome = DataDecoder.Outcome.SINK_FAILED;
            }
        }
        Optional<SmtpReply> refusal = refusal(outcome);
        if (refusal.isPresent()) {
            session.reply(session.onFullDisk(refusal.get()));
            session.abortTransaction();
            return;
        }
        Optional<SmtpReply> refused = session.failureOf(() -> {
            try (InputStream content = transaction.spool().content()) {
                transaction.listener().data(content);
            }
        });
        if (refused.isPresent()) {
            session.reply(session.onFullDisk(refused.get()));
            session.abortTransaction();
            return;
        }
        Accepted accepted;
        try {
            accepted = Objects.requireNonNull(transaction.listener().done(), "done() returned null");
        } catch (RejectException e) {
            session.reply(session.onFullDisk(SmtpSession.replyOf(e)));
            session.abortTransaction();
            return;
        } catch (RuntimeException e) {
            session.logFailure("listener done()", e);
            session.reply(session.localError());
            session.abortTransaction();
            return;
        }
        // Acknowledgement point (house convention 6): done() returned, so the business side holds the message
        // durably; only now does the client hear 250 and consider the message ours.
        session.reply(SmtpReplies.QUEUED.withText("Ok: queued as " + accepted.queueId()));
        session.transactionCompleted();
    }

    /** The reply refusing content that ended this way, if it is refused. */
    static Optional<SmtpReply> refusal(DataDecoder.Outcome outcome) {
        return switch (outcome) {
            case COMPLETE -> Optional.empty();
            case TOO_LARGE -> Optional.of(SmtpReplies.MESSAGE_TOO_BIG);
            case BARE_LINE_ENDING -> Optional.of(SmtpReplies.BARE_LINE_ENDING);
            case MAIL_LOOP -> Optional.of(SmtpReplies.MAIL_LOOP);
            case SINK_FAILED -> Optional.of(SmtpReplies.LOCAL_ERROR);
        };
    }
}
