package org.postroom.protocol.smtp;

import java.util.Optional;
import org.postroom.connector.api.MailAddress;
import org.postroom.connector.api.RecipientParameters;

/**
 * RCPT TO (RFC 5321 section 4.1.1.3): parses the recipient and its DSN parameters (RFC 3461), applies the recipient limit ({@code 452 4.5.3}, RFC
 * 5321 section 4.5.3.1.10) and asks the listener.
 */
final class RcptCommand implements SmtpCommand {

    @Override
    public void execute(SmtpSession session, String argument) {
        MailAddress recipient;
        RecipientParameters parameters;
        try {
            PathParser.RcptArguments rcpt = PathParser.parseRcptArguments(argument);
            recipient = rcpt.forwardPath();
            parameters = rcpt.parameters();
        } catch (SmtpSyntaxException e) {
            session.reply(e.reply());
            return;
        }
        MailTransaction transaction = session.transaction();
        if (transaction.recipientCount() >= session.config().maxRecipients()) {
            session.reply(SmtpReplies.TOO_MANY_RECIPIENTS);
            return;
        }
        Optional<SmtpReply> refused = session.failureOf(() -> transaction.listener().recipient(recipient, parameters));
        if (refused.isPresent()) {
            session.reply(refused.get());
            return;
        }
        transaction.addRecipient(recipient);
        session.recipientAccepted();
        session.reply(SmtpReplies.RECIPIENT_OK);
    }
}
