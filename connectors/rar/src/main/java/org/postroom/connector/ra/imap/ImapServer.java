package org.postroom.connector.ra.imap;

import java.io.IOException;
import java.nio.file.Files;
import org.postroom.connector.api.imap.MailboxEvents;
import org.postroom.connector.api.imap.MailboxSessionListener;
import org.postroom.connector.ra.net.ListenerMetrics;
import org.postroom.connector.ra.net.NetworkRuntime;
import org.postroom.connector.ra.net.ProtocolServer;
import org.postroom.protocol.AuthFailurePolicy;
import org.postroom.protocol.ConnectionsPerUserAndAddress;
import org.postroom.protocol.imap.ImapProtocol;
import org.postroom.protocol.imap.MessageCache;
import org.postroom.protocol.smtp.SmtpProtocol;
import org.postroom.protocol.smtp.ThresholdSpoolFactory;

/** Starts an IMAP listener: engine, store listener, mailbox events and socket. Independent of JCA. */
public final class ImapServer {

    private ImapServer() {
    }

    /** Starts a listener with a message cache of its own, of the configured capacity (tests, a lone listener). */
    public static ProtocolServer start(NetworkRuntime runtime, ImapListenerSettings settings,
            MailboxSessionListener listener, AuthFailurePolicy authFailures) throws IOException {
        return start(runtime, settings, listener, authFailures, new MessageCache(settings.messageCacheBytes()));
    }

    /**
     * Binds the listener, subscribes its sessions to {@link MailboxEvents} (until the listener closes) and starts
     * serving.
     *
     * @param listener the mail store; called on dispatch workers, one call at a time per connection
     * @param authFailures the delay policy for failed logins, shared with the other listeners
     * @param messageCache the cache of message contents, shared with the other IMAP listeners of the server
     */
    public static ProtocolServer start(NetworkRuntime runtime, ImapListenerSettings settings,
            MailboxSessionListener listener, AuthFailurePolicy authFailures, MessageCache messageCache)
            throws IOException {
        return start(runtime, settings, listener, authFailures, messageCache, settings.newPerUserCounter());
    }

    /**
     * @param perUser logged-in sessions per user and client address, shared with the other IMAP listeners
     */
    public static ProtocolServer start(NetworkRuntime runtime, ImapListenerSettings settings,
            MailboxSessionListener listener, AuthFailurePolicy authFailures, MessageCache messageCache,
            ConnectionsPerUserAndAddress perUser) throws IOException {
        Files.createDirectories(settings.spoolDirectory());
        ThresholdSpoolFactory.removeStale(settings.spoolDirectory());
        ImapSessionFactory sessions = new ImapSessionFactory(new ImapProtocol(settings.engineConfig(), listener,
                authFailures, SmtpProtocol::randomId, messageCache, perUser,
                new ThresholdSpoolFactory(settings.spoolDirectory(), 0, "imap")));
        ProtocolServer server = ProtocolServer.start(runtime, settings.network(), sessions, new ListenerMetrics());
        server.onClose(MailboxEvents.subscribe(sessions::mailboxChanged));
        return server;
    }
}
