package org.postroom.protocol.smtp;

/**
 * STARTTLS (RFC 3207): {@code 220 2.0.0}, then the session waits for the adapter's TLS handshake, discarding any
 * input meanwhile; {@link SmtpSession#tlsStarted()} then forgets everything learnt in plaintext.
 */
final class StartTlsCommand implements SmtpCommand {

    @Override
    public void execute(SmtpSession session, String argument) {
        if (!argument.isEmpty()) {
            session.reply(SmtpReplies.SYNTAX_ERROR.withText("Syntax: STARTTLS"));
            return;
        }
        session.reply(SmtpReplies.READY_TO_START_TLS);
        session.awaitTls();
    }
}
