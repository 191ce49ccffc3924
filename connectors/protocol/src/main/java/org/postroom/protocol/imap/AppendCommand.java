package org.postroom.protocol.imap;

import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.Set;
import org.postroom.connector.api.imap.AppendResult;
import org.postroom.connector.api.imap.MailboxException;

/**
 * APPEND mailbox [flags] [date-time] literal (RFC 3501 section 6.3.11) with the UIDPLUS APPENDUID code (RFC 4315).
 * The size limit was enforced by the driver before the literal was read; a large message arrives here in a spool
 * file, which the store reads as a stream. The OK is sent only after the store
 * returned: here an appended message becomes durable.
 */
final class AppendCommand implements ImapCommand {

    @Override
    public void execute(ImapSession session, Invocation call)
            throws ImapSyntaxException, MailboxException, IOException {
        ImapParser p = call.args();
        p.space();
        String name = p.mailbox();
        p.space();
        Set<String> flags = Set.of();
        if (p.peekIs('(')) {
            flags = Flags.settable(p.flagList());
            p.space();
        }
        Optional<OffsetDateTime> date = Optional.empty();
        if (p.peekIs('"')) {
            date = Optional.of(p.dateTime());
            p.space();
        }
        if (!p.peekIs('{')) {
            throw new ImapSyntaxException("Expected the message as a literal");
        }
        MessageLiteral message = p.message();
        p.end();
        if (message.size() == 0) {
            session.complete(call.tag(), ImapReply.no("Empty message"));
            return;
        }
        AppendResult result;
        try (InputStream content = message.open()) {
            result = session.listener().append(session.authenticatedUser(), name, Set.copyOf(flags), date, content,
                    message.size());
        }
        if (session.selected() != null && session.selected().name().equals(name)) {
            session.selected().markDirty();
        }
        session.ok(call.tag(), ResponseCode.of(ResponseCode.Name.APPENDUID, result.uidValidity() + " " + result.uid()),
                "APPEND completed");
    }

}
