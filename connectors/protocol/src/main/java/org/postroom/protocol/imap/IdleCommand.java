package org.postroom.protocol.imap;

/**
 * IDLE (RFC 2177): reports pending changes, answers {@code + idling} and waits for {@code DONE}. Meanwhile
 * {@link ImapSession#mailboxChanged()} sends updates as they come.
 */
final class IdleCommand implements ImapCommand {

    @Override
    public void execute(ImapSession session, Invocation call) throws ImapSyntaxException {
        call.args().end();
        if (session.selected() != null) {
            session.poll(true);
        }
        session.startIdle(call.tag());
    }
}
