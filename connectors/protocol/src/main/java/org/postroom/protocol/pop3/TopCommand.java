package org.postroom.protocol.pop3;

import java.util.Optional;
import org.postroom.connector.api.Pop3MaildropEntry;

/** TOP msg n (RFC 1939 section 7): the header, the blank line and the first {@code n} body lines, dot-stuffed. */
final class TopCommand implements Pop3Command {

    @Override
    public void execute(Pop3Session session, String argument) {
        Optional<long[]> numbers = Arguments.numbers(argument, 2);
        if (numbers.isEmpty()) {
            session.reply(Pop3Replies.SYNTAX_ERROR);
            return;
        }
        Optional<Pop3MaildropEntry> entry = session.maildrop().visible(numbers.get()[0]);
        if (entry.isEmpty()) {
            session.reply(Pop3Replies.NO_SUCH_MESSAGE);
            return;
        }
        MessageSender.send(session, numbers.get()[0], entry.get(), numbers.get()[1]);
    }
}
