package org.postroom.protocol.imap;

/** CAPABILITY (RFC 3501 section 6.1.1): what this session offers now. */
final class CapabilityCommand implements ImapCommand {

    @Override
    public void execute(ImapSession session, Invocation call) throws ImapSyntaxException {
        call.args().end();
        session.out().raw("* CAPABILITY " + session.capabilities()).crlf();
        session.ok(call.tag(), "CAPABILITY completed");
    }
}
