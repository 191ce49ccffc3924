package org.postroom.protocol.imap;

import java.io.IOException;
import org.postroom.connector.api.imap.MailboxException;

/** RENAME (RFC 3501 section 6.3.5); renaming INBOX moves its messages, which the store does. */
final class RenameCommand implements ImapCommand {

    @Override
    public void execute(ImapSession session, Invocation call)
            throws ImapSyntaxException, MailboxException, IOException {
        ImapParser p = call.args();
        p.space();
        String from;
        try {
            from = p.mailbox();
        } catch (InvalidMailboxNameException e) {
            session.complete(call.tag(), ImapReplies.INVALID_NAME_NONEXISTENT); // no such source
            return;
        }
        p.space();
        String to = p.mailbox(); // invalid: refused (ImapSession)
        p.end();
        if (to.equals("INBOX")) {
            session.no(call.tag(), ResponseCode.ALREADYEXISTS, "INBOX already exists");
            return;
        }
        session.listener().rename(session.authenticatedUser(), from, to);
        session.ok(call.tag(), "RENAME completed");
    }
}
