package org.postroom.protocol.smtp;

/** RSET (RFC 5321 section 4.1.1.5): aborts the transaction, keeps the HELO name and the authentication. */
final class RsetCommand implements SmtpCommand {

    @Override
    public void execute(SmtpSession session, String argument) {
        if (!argument.isEmpty()) {
            session.reply(SmtpReplies.SYNTAX_ERROR.withText("Syntax: RSET"));
            return;
        }
        session.abortTransaction();
        session.reply(SmtpReplies.OK);
    }
}
