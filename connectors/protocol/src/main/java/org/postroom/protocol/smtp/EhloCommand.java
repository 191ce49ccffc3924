package org.postroom.protocol.smtp;

import java.util.ArrayList;
import java.util.List;

/**
 * EHLO and HELO (RFC 5321 section 4.1.1.1): checks the client's name, resets any transaction and, for EHLO, lists
 * the extensions this session offers now (STARTTLS only before TLS, AUTH only where passwords may be sent).
 */
final class EhloCommand implements SmtpCommand {

    private final boolean extended;

    EhloCommand(boolean extended) {
        this.extended = extended;
    }

    @Override
    public void execute(SmtpSession session, String argument) {
        String name = argument.strip();
        if (!HeloName.isValid(name)) {
            session.reply(
                    SmtpReplies.SYNTAX_ERROR.withText(extended ? "Syntax: EHLO hostname" : "Syntax: HELO hostname"));
            return;
        }
        session.greeted(name, extended);
        SmtpConfig config = session.config();
        if (!extended) {
            session.reply(SmtpReply.of(250, "", config.hostname()));
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add(config.hostname());
        lines.add("SIZE " + config.maxMessageSize());
        lines.add("8BITMIME");
        lines.add("PIPELINING");
        lines.add("ENHANCEDSTATUSCODES");
        lines.add("DSN");
        if (config.startTlsAvailable() && !session.isTls()) {
            lines.add("STARTTLS");
        }
        if (session.hasAuthenticator() && session.authChannelSecure()) {
            lines.add("AUTH PLAIN LOGIN");
        }
        session.reply(SmtpReply.multiline(250, "", lines));
    }
}
