package org.postroom.protocol.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.postroom.connector.api.imap.MailboxException;
import org.postroom.connector.api.imap.MessageFlags;
import org.postroom.connector.api.imap.StoreMode;
import org.postroom.connector.api.imap.UidSet;

/**
 * STORE and UID STORE (RFC 3501 section 6.4.6): FLAGS, +FLAGS, -FLAGS, each optionally .SILENT. Without .SILENT each
 * changed message's new flags are sent as {@code * n FETCH (FLAGS (...))} (with UID for UID STORE).
 */
final class StoreCommand implements ImapCommand {

    /** A parsed STORE request. */
    record Request(SequenceSet set, StoreMode mode, boolean silent, Set<String> flags) {
    }

    static Request parse(ImapParser p) throws ImapSyntaxException {
        p.space();
        SequenceSet set = p.sequenceSet();
        p.space();
        StoreMode mode = p.accept('+') ? StoreMode.ADD : p.accept('-') ? StoreMode.REMOVE : StoreMode.REPLACE;
        String item = p.atom().toUpperCase(Locale.ROOT);
        boolean silent = item.equals("FLAGS.SILENT");
        if (!silent && !item.equals("FLAGS")) {
            throw new ImapSyntaxException("Expected FLAGS, +FLAGS or -FLAGS");
        }
        p.space();
        List<String> flags;
        if (p.peekIs('(')) {
            flags = p.flagList();
        } else {
            flags = new ArrayList<>();
            flags.add(p.flag());
            while (p.accept(' ')) {
                flags.add(p.flag());
            }
        }
        p.end();
        return new Request(set, mode, silent, Flags.settable(flags));
    }

    @Override
    public void execute(ImapSession session, Invocation call)
            throws ImapSyntaxException, MailboxException, IOException {
        Request request = parse(call.args());
        SelectedMailbox mailbox = session.selected();
        UidSet uids = mailbox.resolve(request.set(), call.uid());
        if (mailbox.readOnly()) {
            session.complete(call.tag(), ImapReplies.READ_ONLY);
            return;
        }
        if (uids.isEmpty()) {
            session.ok(call.tag(), call.name() + " completed");
            return;
        }
        List<MessageFlags> updated = session.listener().store(session.authenticatedUser(), mailbox.key(), uids,
                request.mode(), request.flags());
        for (MessageFlags m : updated) {
            mailbox.updateFlags(m.uid(), m.flags());
        }
        mailbox.announceNewKeywords(session.out()); // even with .SILENT: the client must know every flag in use
        for (MessageFlags m : updated) {
            int msn = mailbox.msn(m.uid());
            if (msn == 0 || request.silent()) {
                continue;
            }
            session.out()
                    .raw("* " + msn + " FETCH (FLAGS ")
                    .flags(m.flags(), mailbox.isRecent(m.uid()))
                    .raw(call.uid() ? " UID " + m.uid() + ")" : ")")
                    .crlf();
        }
        session.ok(call.tag(), call.name() + " completed");
    }
}
