package org.postroom.connector.ra.pop3;

import java.io.IOException;
import org.postroom.connector.api.MaildropListener;
import org.postroom.connector.ra.net.ListenerMetrics;
import org.postroom.connector.ra.net.NetworkRuntime;
import org.postroom.connector.ra.net.ProtocolServer;
import org.postroom.protocol.AuthFailurePolicy;
import org.postroom.protocol.pop3.Pop3Protocol;

/** Starts a POP3 listener: engine, store listener and socket. Independent of JCA. */
public final class Pop3Server {

    private Pop3Server() {
    }

    /**
     * Binds the listener and starts serving.
     *
     * @param listener the mail store; called on dispatch workers, one call at a time per connection
     * @param authFailures the delay policy for failed logins, shared with the other listeners
     */
    public static ProtocolServer start(NetworkRuntime runtime, Pop3ListenerSettings settings,
            MaildropListener listener, AuthFailurePolicy authFailures) throws IOException {
        Pop3Protocol protocol = new Pop3Protocol(settings.engineConfig(), listener, authFailures);
        return ProtocolServer.start(runtime, settings.network(), new Pop3SessionFactory(protocol),
                new ListenerMetrics());
    }
}
