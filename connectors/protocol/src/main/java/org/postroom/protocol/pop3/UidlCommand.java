package org.postroom.protocol.pop3;

import java.util.Optional;
import org.postroom.connector.api.Pop3MaildropEntry;

/** UIDL [msg] (RFC 1939 section 7): unique-id listings {@code number uid}, deleted messages left out. */
final class UidlCommand implements Pop3Command {

    @Override
    public void execute(Pop3Session session, String argument) {
        Maildrop maildrop = session.maildrop();
        if (argument.isEmpty()) {
            session.reply(Pop3MultiLine.ofLines(Pop3Replies.UNIQUE_IDS_FOLLOW, maildrop.visibleNumbers()
                    .stream()
                    .map(n -> n + " " + maildrop.visible(n).orElseThrow().uniqueId())
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
                : Pop3Reply.ok(number.get() + " " + entry.get().uniqueId()));
    }
}
