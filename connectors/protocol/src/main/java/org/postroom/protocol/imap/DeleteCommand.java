package org.postroom.protocol.imap;

import java.io.IOException;
import org.postroom.connector.api.imap.MailboxException;

/** DELETE (RFC 3501 section 6.3.4); deleting INBOX is refused here, the rest is the store's business. */
final class DeleteCommand implements ImapCommand {

    @Override
    public void execute(ImapSession session, Invocation call)
            throws ImapSyntaxException, MailboxException, IOException {
        ImapParser p = call.args();
        p.space();
        String name = p.mailbox();
        p.end();
        if (name.equals("INBOX")) {
            session.no(call.tag(), ResponseCode.CANNOT, "INBOX cannot be deleted");
            return;
        }
        session.listener().delete(session.authenticatedUser(), name);
        session.ok(call.tag(), "DELETE completed");
    }
}
