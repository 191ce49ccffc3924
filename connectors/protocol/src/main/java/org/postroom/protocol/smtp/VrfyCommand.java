package org.postroom.protocol.smtp;

import java.util.Optional;
import org.postroom.connector.api.AddressVerifier;
import org.postroom.connector.api.MailAddress;

/**
 * VRFY (RFC 5321 section 3.5.3): off by default, answering {@code 252 2.5.2} so that nobody can enumerate
 * mailboxes; when enabled, asks the {@link AddressVerifier}.
 */
final class VrfyCommand implements SmtpCommand {

    @Override
    public void execute(SmtpSession session, String argument) {
        if (argument.isBlank()) {
            session.reply(SmtpReplies.SYNTAX_ERROR.withText("Syntax: VRFY <address>"));
            return;
        }
        Optional<AddressVerifier> verifier = session.protocol().addressVerifier();
        if (!session.config().vrfyEnabled() || verifier.isEmpty()) {
            session.reply(SmtpReplies.CANNOT_VRFY);
            return;
        }
        MailAddress mailbox;
        try {
            mailbox = PathParser.parseVrfy(argument);
        } catch (SmtpSyntaxException e) {
            session.reply(e.reply());
            return;
        }
        boolean exists;
        try {
            exists = verifier.get().exists(session.context(), mailbox);
        } catch (RuntimeException e) {
            session.logFailure("address verifier", e);
            session.reply(SmtpReplies.LOCAL_ERROR);
            return;
        }
        session.reply(exists ? SmtpReply.of(250, "2.1.5", "<" + mailbox.address() + ">") : SmtpReplies.UNKNOWN_USER);
    }
}
