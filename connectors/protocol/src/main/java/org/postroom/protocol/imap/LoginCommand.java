package org.postroom.protocol.imap;

import org.postroom.connector.api.Credentials;

/** LOGIN user password (RFC 3501 section 6.2.3); the registry allows it only where passwords may be sent. */
final class LoginCommand implements ImapCommand {

    @Override
    public void execute(ImapSession session, Invocation call) throws ImapSyntaxException {
        ImapParser p = call.args();
        p.space();
        String user = p.astring();
        p.space();
        String password = p.astring();
        p.end();
        session.authenticate(call.tag(), new Credentials(user, password));
    }
}
