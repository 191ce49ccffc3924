package org.postroom.protocol.imap;

import java.io.IOException;
import java.util.Optional;
import org.postroom.connector.api.imap.MailboxException;

/**
 * CLOSE (RFC 3501 section 6.4.2: expunges silently unless read-only) and UNSELECT (RFC 3691: never expunges); both
 * return to AUTHENTICATED.
 */
final class CloseCommand implements ImapCommand {

    private final boolean expunge;

    private CloseCommand(boolean expunge) {
        this.expunge = expunge;
    }

    static CloseCommand close() {
        return new CloseCommand(true);
    }

    static CloseCommand unselect() {
        return new CloseCommand(false);
    }

    @Override
    public void execute(ImapSession session, Invocation call)
            throws ImapSyntaxException, MailboxException, IOException {
        call.args().end();
        SelectedMailbox mailbox = session.selected();
        if (expunge && !mailbox.readOnly()) {
            session.listener().expunge(session.authenticatedUser(), mailbox.key(), Optional.empty());
        }
        session.deselect();
        session.ok(call.tag(), call.name() + " completed");
    }
}
