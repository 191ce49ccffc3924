package org.postroom.protocol.smtp;

/** QUIT (RFC 5321 section 4.1.1.10): {@code 221}, abort any transaction, close the connection. */
final class QuitCommand implements SmtpCommand {

    @Override
    public void execute(SmtpSession session, String argument) {
        if (!argument.isEmpty()) {
            session.reply(SmtpReplies.SYNTAX_ERROR.withText("Syntax: QUIT"));
            return;
        }
        session.reply(SmtpReplies.CLOSING);
        session.quit();
    }
}
