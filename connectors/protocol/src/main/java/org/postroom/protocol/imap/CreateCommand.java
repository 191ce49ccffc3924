package org.postroom.protocol.imap;

import java.io.IOException;
import org.postroom.connector.api.imap.MailboxException;
import org.postroom.connector.api.imap.MailboxSessionListener;

/** CREATE (RFC 3501 section 6.3.3); a trailing delimiter is dropped, INBOX cannot be created. */
final class CreateCommand implements ImapCommand {

    @Override
    public void execute(ImapSession session, Invocation call)
            throws ImapSyntaxException, MailboxException, IOException {
        ImapParser p = call.args();
        p.space();
        String name = p.mailbox();
        p.end();
        while (name.endsWith(String.valueOf(MailboxSessionListener.DELIMITER))) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.indexOf('*') >= 0 || name.indexOf('%') >= 0) {
            session.no(call.tag(), ResponseCode.CANNOT, "Mailbox names cannot contain * or %");
            return;
        }
        if (name.isEmpty() || name.equals("INBOX")) {
            session.no(call.tag(), name.isEmpty() ? ResponseCode.CANNOT : ResponseCode.ALREADYEXISTS,
                    "Cannot create this mailbox");
            return;
        }
        session.listener().create(session.authenticatedUser(), name);
        session.ok(call.tag(), "CREATE completed");
    }
}
