package org.postroom.protocol.imap;

/**
 * NOOP and CHECK (RFC 3501 sections 6.1.2 and 6.4.1): nothing to do; the registry makes the session report the
 * selected mailbox's changes before the OK. The store has no checkpoint to take: every change is durable already.
 */
final class NoopCommand implements ImapCommand {

    @Override
    public void execute(ImapSession session, Invocation call) throws ImapSyntaxException {
        call.args().end();
        session.ok(call.tag(), call.name() + " completed");
    }
}
