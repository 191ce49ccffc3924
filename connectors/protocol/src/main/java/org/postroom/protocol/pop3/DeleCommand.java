package org.postroom.protocol.pop3;

import java.util.Optional;

/** DELE msg (RFC 1939 section 5): marks the message deleted; QUIT removes it, RSET or a dropped connection not. */
final class DeleCommand implements Pop3Command {

    @Override
    public void execute(Pop3Session session, String argument) {
        Optional<Long> number = Arguments.number(argument);
        if (number.isEmpty()) {
            session.reply(Pop3Replies.SYNTAX_ERROR);
            return;
        }
        if (session.maildrop().visible(number.get()).isEmpty()) {
            session.reply(Pop3Replies.NO_SUCH_MESSAGE);
            return;
        }
        session.maildrop().delete(number.get());
        session.reply(Pop3Replies.MESSAGE_DELETED);
    }
}
