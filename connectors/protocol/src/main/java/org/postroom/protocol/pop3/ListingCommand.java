package org.postroom.protocol.pop3;

import java.util.Optional;
import java.util.function.Function;

import org.postroom.connector.api.Pop3MaildropEntry;

/**
 * LIST [msg] and UIDL [msg] (RFC 1939 sections 5 and 7), which differ only in what follows the message number: the
 * size (scan listing) or the unique id. Deleted messages are left out.
 */
final class ListingCommand implements Pop3Command {

    private final Pop3Reply header;
    private final Function<Pop3MaildropEntry, Object> value;

    private ListingCommand(Pop3Reply header, Function<Pop3MaildropEntry, Object> value) {
        this.header = header;
        this.value = value;
    }

    /** LIST: {@code number octets}. */
    static ListingCommand list() {
        return new ListingCommand(Pop3Replies.SCAN_LISTING_FOLLOWS, Pop3MaildropEntry::size);
    }

    /** UIDL: {@code number unique-id}. */
    static ListingCommand uidl() {
        return new ListingCommand(Pop3Replies.UNIQUE_IDS_FOLLOW, Pop3MaildropEntry::uniqueId);
    }

    @Override
    public void execute(Pop3Session session, String argument) {
        Maildrop maildrop = session.maildrop();
        if (argument.isEmpty()) {
            session.reply(Pop3MultiLine.ofLines(header, maildrop.visibleNumbers()
                    .stream()
                    .map(n -> n + " " + value.apply(maildrop.visible(n).orElseThrow()))
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
                : Pop3Reply.ok(number.get() + " " + value.apply(entry.get())));
    }
}
