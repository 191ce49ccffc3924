package org.postroom.protocol.smtp;

/** HELP (RFC 5321 section 4.1.1.8): the list of commands, whatever the argument. */
final class HelpCommand implements SmtpCommand {

    @Override
    public void execute(SmtpSession session, String argument) {
        session.reply(SmtpReplies.HELP);
    }
}
