package org.postroom.protocol.imap;

import java.io.IOException;
import org.postroom.connector.api.imap.MailboxException;

/** SUBSCRIBE and UNSUBSCRIBE (RFC 3501 sections 6.3.6, 6.3.7). */
final class SubscribeCommand implements ImapCommand {

    private final boolean subscribe;

    private SubscribeCommand(boolean subscribe) {
        this.subscribe = subscribe;
    }

    static SubscribeCommand subscribe() {
        return new SubscribeCommand(true);
    }

    static SubscribeCommand unsubscribe() {
        return new SubscribeCommand(false);
    }

    @Override
    public void execute(ImapSession session, Invocation call)
            throws ImapSyntaxException, MailboxException, IOException {
        ImapParser p = call.args();
        p.space();
        String name = p.mailbox();
        p.end();
        session.listener().subscribe(session.authenticatedUser(), name, subscribe);
        session.ok(call.tag(), call.name() + " completed");
    }
}
