package org.postroom.protocol.imap;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.postroom.connector.api.imap.MailboxException;
import org.postroom.connector.api.imap.UidSet;

/**
 * EXPUNGE (RFC 3501 section 6.4.3) and UID EXPUNGE set (RFC 4315): one {@code * n EXPUNGE} per removed message, each
 * number counted after the previous removals, before the OK.
 */
final class ExpungeCommand implements ImapCommand {

    @Override
    public void execute(ImapSession session, Invocation call)
            throws ImapSyntaxException, MailboxException, IOException {
        ImapParser p = call.args();
        Optional<UidSet> only = Optional.empty();
        SelectedMailbox mailbox = session.selected();
        if (call.uid()) {
            p.space();
            only = Optional.of(mailbox.resolve(p.sequenceSet(), true));
        }
        p.end();
        if (mailbox.readOnly()) {
            session.complete(call.tag(), ImapReplies.READ_ONLY);
            return;
        }
        if (only.isPresent() && only.get().isEmpty()) {
            session.ok(call.tag(), call.name() + " completed");
            return;
        }
        List<Long> expunged = session.listener().expunge(session.authenticatedUser(), mailbox.key(), only);
        mailbox.expungeAnnounced(expunged, session.out());
        session.ok(call.tag(), call.name() + " completed");
    }
}
