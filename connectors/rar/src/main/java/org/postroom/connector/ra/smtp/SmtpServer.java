package org.postroom.connector.ra.smtp;

import java.io.IOException;
import java.nio.file.Files;
import org.postroom.connector.api.QueueIds;
import org.postroom.connector.api.SmtpAcceptanceListener;
import org.postroom.connector.ra.net.ListenerMetrics;
import org.postroom.connector.ra.net.NetworkRuntime;
import org.postroom.connector.ra.net.ProtocolServer;
import org.postroom.protocol.AuthFailurePolicy;
import org.postroom.protocol.RatePerAddress;
import org.postroom.protocol.smtp.SmtpProtocol;
import org.postroom.protocol.smtp.ThresholdSpoolFactory;

/** Starts an SMTP listener: engine, bridge to the business side, spool and socket. Independent of JCA. */
public final class SmtpServer {

    private SmtpServer() {
    }

    /**
     * Binds the listener and starts serving.
     *
     * @param listener the business side; called on dispatch workers, one call at a time per connection
     * @param authFailures delays refused AUTH attempts; shared with the POP3 and IMAP listeners
     */
    public static ProtocolServer start(NetworkRuntime runtime, SmtpListenerSettings settings,
            SmtpAcceptanceListener listener, AuthFailurePolicy authFailures) throws IOException {
        Files.createDirectories(settings.spoolDirectory());
        ThresholdSpoolFactory.removeStale(settings.spoolDirectory());
        ListenerMetrics metrics = new ListenerMetrics();
        SmtpProtocol protocol = SmtpProtocol
                .builder(settings.engineConfig(), new AcceptanceBridge(listener, metrics::messageAccepted))
                .authenticator(listener::authenticate)
                .authFailures(authFailures)
                .queueIds(QueueIds::next)
                .messageRate(new RatePerAddress(settings.messagesPerMinute(), settings.network().exemptLoopback()))
                .spoolFactory(new SizedSpoolFactory(new ThresholdSpoolFactory(settings.spoolDirectory(),
                        ThresholdSpoolFactory.DEFAULT_MEMORY_THRESHOLD)))
                .storageRoom(new FreeSpace(settings.spoolDirectory(), settings.minFreeDataBytes()))
                .build();
        return ProtocolServer.start(runtime, settings.network(), new SmtpSessionFactory(protocol), metrics);
    }
}
