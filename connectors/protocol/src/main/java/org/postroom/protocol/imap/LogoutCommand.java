package org.postroom.protocol.imap;

/** LOGOUT (RFC 3501 section 6.1.3): BYE, OK, close. */
final class LogoutCommand implements ImapCommand {

    @Override
    public void execute(ImapSession session, Invocation call) throws ImapSyntaxException {
        call.args().end();
        session.out().status("*", "BYE", null, session.config().hostname() + " logging out");
        session.ok(call.tag(), "LOGOUT completed");
        session.logout();
    }
}
