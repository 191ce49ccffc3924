package org.postroom.protocol.imap;

import java.io.IOException;
import org.postroom.connector.api.imap.MailboxException;
import org.postroom.connector.api.imap.MailboxSnapshot;

/**
 * SELECT and EXAMINE (RFC 3501 sections 6.3.1, 6.3.2). A mailbox selected before is deselected first, without
 * expunging; if the new one cannot be opened the session is left AUTHENTICATED.
 */
final class SelectCommand implements ImapCommand {

    private final boolean readOnly;

    private SelectCommand(boolean readOnly) {
        this.readOnly = readOnly;
    }

    static SelectCommand select() {
        return new SelectCommand(false);
    }

    static SelectCommand examine() {
        return new SelectCommand(true);
    }

    @Override
    public void execute(ImapSession session, Invocation call)
            throws ImapSyntaxException, MailboxException, IOException {
        ImapParser p = call.args();
        p.space();
        String name;
        try {
            name = p.mailbox();
        } catch (InvalidMailboxNameException e) {
            session.deselect(); // a failed SELECT leaves no mailbox selected, whatever the reason
            throw e;
        }
        p.end();
        session.deselect();
        MailboxSnapshot snapshot = session.listener().select(session.authenticatedUser(), name, readOnly);
        session.select(snapshot);
        SelectedMailbox mailbox = session.selected();
        ResponseWriter out = session.out();
        out.raw("* FLAGS ").flags(mailbox.definedFlags(), false).crlf();
        out.raw("* " + mailbox.exists() + " EXISTS").crlf();
        out.raw("* " + mailbox.recentCount() + " RECENT").crlf();
        int unseen = mailbox.firstUnseen();
        if (unseen > 0) {
            out.status("*", ImapReply.ok(ResponseCode.of(ResponseCode.Name.UNSEEN, unseen), "First unseen"));
        }
        out.status("*",
                ImapReply.ok(ResponseCode.of(ResponseCode.Name.UIDVALIDITY, mailbox.uidValidity()), "UIDs valid"));
        out.status("*", ImapReply.ok(ResponseCode.of(ResponseCode.Name.UIDNEXT, mailbox.uidNext()),
                "Predicted next UID"));
        if (mailbox.readOnly()) {
            out.raw("* OK [" + ResponseCode.Name.PERMANENTFLAGS.atom() + " ()] No permanent flags permitted").crlf();
        } else {
            out.raw("* OK [" + ResponseCode.Name.PERMANENTFLAGS.atom() + " ")
                    .flags(mailbox.permanentFlagsToAnnounce(), false).raw("] Limited").crlf();
        }
        session.ok(call.tag(), mailbox.readOnly() ? ResponseCode.READ_ONLY : ResponseCode.READ_WRITE,
                call.name() + " completed");
    }
}
