package org.postroom.protocol.pop3;

import java.util.Optional;
import org.postroom.connector.api.Pop3MaildropEntry;

/** RETR msg (RFC 1939 section 5): the whole message, dot-stuffed. */
final class RetrCommand implements Pop3Command {

    @Override
    public void execute(Pop3Session session, String argument) {
        Optional<Long> number = Arguments.number(argument);
        if (number.isEmpty()) {
            session.reply(Pop3Replies.SYNTAX_ERROR);
            return;
        }
        Optional<Pop3MaildropEntry> entry = session.maildrop().visible(number.get());
        if (entry.isEmpty()) {
            session.reply(Pop3Replies.NO_SUCH_MESSAGE);
            return;
        }
        MessageSender.send(session, number.get(), entry.get(), -1);
    }
}
