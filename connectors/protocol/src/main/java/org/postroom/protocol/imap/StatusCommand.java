package org.postroom.protocol.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.postroom.connector.api.imap.MailboxException;
import org.postroom.connector.api.imap.MailboxStatus;

/** STATUS mailbox (items) (RFC 3501 section 6.3.10). */
final class StatusCommand implements ImapCommand {

    @Override
    public void execute(ImapSession session, Invocation call)
            throws ImapSyntaxException, MailboxException, IOException {
        ImapParser p = call.args();
        p.space();
        String name = p.mailbox();
        p.space();
        p.expect('(');
        List<String> items = new ArrayList<>();
        do {
            String item = p.atom().toUpperCase(Locale.ROOT);
            if (!List.of("MESSAGES", "RECENT", "UIDNEXT", "UIDVALIDITY", "UNSEEN").contains(item)) {
                throw new ImapSyntaxException("Unknown status item " + item);
            }
            items.add(item);
        } while (p.accept(' '));
        p.expect(')');
        p.end();
        MailboxStatus status = session.listener().status(session.authenticatedUser(), name);
        List<String> values = new ArrayList<>();
        for (String item : items) {
            long value = switch (item) {
                case "MESSAGES" -> status.messages();
                case "RECENT" -> status.recent();
                case "UIDNEXT" -> status.uidNext();
                case "UIDVALIDITY" -> status.uidValidity();
                default -> status.unseen();
            };
            values.add(item + " " + value);
        }
        session.out().raw("* STATUS ").mailbox(name).raw(" (" + String.join(" ", values) + ")").crlf();
        session.ok(call.tag(), "STATUS completed");
    }
}
