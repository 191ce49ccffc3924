package org.postroom.protocol.imap;

import org.postroom.connector.api.imap.MailboxSessionListener;

/** NAMESPACE (RFC 2342): one personal namespace, no prefix; no shared or other users' namespaces. */
final class NamespaceCommand implements ImapCommand {

    @Override
    public void execute(ImapSession session, Invocation call) throws ImapSyntaxException {
        call.args().end();
        session.out().raw("* NAMESPACE ((\"\" \"" + MailboxSessionListener.DELIMITER + "\")) NIL NIL").crlf();
        session.ok(call.tag(), "NAMESPACE completed");
    }
}
