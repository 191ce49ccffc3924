package org.postroom.connector.ra.imap;

import java.io.IOException;
import org.postroom.connector.api.imap.MailboxEvents;
import org.postroom.connector.api.imap.MailboxSessionListener;
import org.postroom.connector.ra.net.ListenerMetrics;
import org.postroom.connector.ra.net.NetworkRuntime;
import org.postroom.connector.ra.net.ProtocolServer;
import org.postroom.protocol.AuthFailurePolicy;
import org.postroom.protocol.imap.ImapProtocol;

/** Starts an IMAP listener: engine, store listener, mailbox events and socket. Independent of JCA. */
public final class ImapServer {

    private ImapServer() {
    }

    /**
     * Binds the listener, subscribes its sessions to {@link MailboxEvents} (until the listener closes) and starts
     * serving.
     *
     * @param listener the mail store; called on dispatch workers, one call at a time per connection
     * @param authFailures the delay policy for failed logins, shared with the other listeners
     */
    public static ProtocolServer start(NetworkRuntime runtime, ImapListenerSettings settings,
            MailboxSessionListener listener, AuthFailurePolicy authFailures) throws IOException {
        ImapSessionFactory sessions = new ImapSessionFactory(
                new ImapProtocol(settings.engineConfig(), listener, authFailures));
        ProtocolServer server = ProtocolServer.start(runtime, settings.network(), sessions, new ListenerMetrics());
        server.onClose(MailboxEvents.subscribe(sessions::mailboxChanged));
        return server;
    }
}
