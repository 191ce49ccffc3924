package org.postroom.protocol.pop3;

import java.util.Optional;
import org.postroom.connector.api.Pop3MaildropEntry;

/** LIST [msg] (RFC 1939 section 5): scan listings {@code number octets}, deleted messages left out. */
final class ListCommand implements Pop3Command {

    @Override
    public void execute(Pop3Session session, String argument) {
        Maildrop maildrop = session.maildrop();
        if (argument.isEmpty()) {
            session.reply(Pop3MultiLine.ofLines(Pop3Replies.SCAN_LISTING_FOLLOWS, maildrop.visibleNumbers()
                    .stream()
                    .map(n -> n + " " + maildrop.visible(n).orElseThrow().size())
                    .toList()));
            return;
        }
        Optional<Long> number = Arguments.number(argument);
        if (number.isEmpty()) {
            session.reply(Pop3Replies.SYNTAX_ERROR);
            return;
        }
        Optional<Pop3MaildropEntry> entry = maildrop.visible(number.get());
        session.reply(entry.isEmpty()
                ? Pop3Replies.NO_SUCH_MESSAGE
                : Pop3Reply.ok(number.get() + " " + entry.get().size()));
    }
}
