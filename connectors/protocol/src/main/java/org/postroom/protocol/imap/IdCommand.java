package org.postroom.protocol.imap;

import java.util.Optional;

/**
 * ID (RFC 2971): the client's identification is read (and only checked for syntax: at most 30 pairs); the server
 * names itself without a version, which would only help attackers.
 */
final class IdCommand implements ImapCommand {

    @Override
    public void execute(ImapSession session, Invocation call) throws ImapSyntaxException {
        ImapParser p = call.args();
        p.space();
        if (!p.accept('(')) {
            Optional<String> nil = p.nstring();
            if (nil.isPresent()) {
                throw new ImapSyntaxException("Expected a list or NIL");
            }
        } else {
            int pairs = 0;
            while (!p.accept(')')) {
                if (pairs > 0) {
                    p.space();
                }
                p.stringUtf8();
                p.space();
                p.nstring();
                if (++pairs > 30) {
                    throw new ImapSyntaxException("Too many ID fields");
                }
            }
        }
        p.end();
        session.out().raw("* ID (\"name\" \"Postroom\")").crlf();
        session.ok(call.tag(), "ID completed");
    }
}
