package org.postroom.protocol.smtp;

import java.time.Duration;
import java.util.Optional;
import org.postroom.connector.api.SmtpTransactionListener;

/**
 * MAIL FROM (RFC 5321 section 4.1.1.2, SIZE per RFC 1870, BODY per RFC 6152): parses the path and parameters,
 * refuses a declared size above the maximum, then opens the transaction with a new listener. The listener may ask
 * for the {@code 250} to be held a while (in-flow control); the output then carries that delay.
 */
final class MailCommand implements SmtpCommand {

    @Override
    public void execute(SmtpSession session, String argument) {
        PathParser.MailArguments mail;
        try {
            mail = PathParser.parseMail(argument);
        } catch (SmtpSyntaxException e) {
            session.reply(e.reply());
            return;
        }
        if (mail.parameters().declaredSize().orElse(0) > session.config().maxMessageSize()) {
            session.reply(SmtpReplies.MESSAGE_TOO_BIG);
            return;
        }
        if (!session.protocol().storageRoom().hasRoomFor(mail.parameters().declaredSize().orElse(0))) {
            session.reply(SmtpReplies.INSUFFICIENT_STORAGE);
            return;
        }
        if (!session.protocol().messageRate().tryAcquire(session.clientAddress().getAddress())) {
            session.reply(SmtpReplies.TOO_MUCH_MAIL);
            return;
        }
        String queueId = session.protocol().nextQueueId();
        SmtpTransactionListener listener;
        try {
            listener = session.protocol().listenerFactory().create(session.context(), queueId);
        } catch (RuntimeException e) {
            session.logFailure("listener factory", e);
            session.reply(SmtpReplies.LOCAL_ERROR);
            return;
        }
        Duration[] hold = {Duration.ZERO};
        Optional<SmtpReply> refused = session.failureOf(
                () -> hold[0] = listener.from(mail.reversePath(), mail.parameters()));
        if (refused.isPresent()) {
            session.abortListener(listener);
            session.reply(refused.get());
            return;
        }
        session.transactionStarted(new MailTransaction(queueId, listener));
        session.reply(SmtpReplies.SENDER_OK);
        session.delayReplies(hold[0]);
    }
}
