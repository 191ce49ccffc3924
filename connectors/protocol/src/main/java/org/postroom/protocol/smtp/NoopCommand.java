package org.postroom.protocol.smtp;

/** NOOP (RFC 5321 section 4.1.1.9): any argument is ignored. */
final class NoopCommand implements SmtpCommand {

    @Override
    public void execute(SmtpSession session, String argument) {
        session.reply(SmtpReplies.OK);
    }
}
