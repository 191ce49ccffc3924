package org.postroom.protocol.imap;

/**
 * ENABLE (RFC 5161). No extension this server implements needs enabling, so the answer is always an empty
 * {@code * ENABLED}; the capability names are only checked for syntax.
 */
final class EnableCommand implements ImapCommand {

    @Override
    public void execute(ImapSession session, Invocation call) throws ImapSyntaxException {
        ImapParser p = call.args();
        p.space();
        p.atom();
        while (p.accept(' ')) {
            p.atom();
        }
        p.end();
        session.out().raw("* ENABLED").crlf();
        session.ok(call.tag(), "ENABLE completed");
    }
}
