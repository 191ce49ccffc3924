package org.postroom.connector.ra;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.transaction.xa.XAResource;
import org.postroom.connector.api.MaildropListener;
import org.postroom.connector.api.RejectException;
import org.postroom.connector.api.SmtpAcceptanceListener;
import org.postroom.connector.api.imap.MailboxSessionListener;
import org.postroom.connector.ra.imap.ImapListenerSettings;
import org.postroom.connector.ra.imap.ImapServer;
import org.postroom.connector.ra.net.ListenerMetrics;
import org.postroom.connector.ra.net.NetworkRuntime;
import org.postroom.connector.ra.net.ProtocolServer;
import org.postroom.connector.ra.outbound.OutboundClient;
import org.postroom.connector.ra.outbound.OutboundSettings;
import org.postroom.connector.ra.pop3.Pop3ListenerSettings;
import org.postroom.connector.ra.pop3.Pop3Server;
import org.postroom.connector.ra.smtp.SmtpListenerSettings;
import org.postroom.connector.ra.smtp.SmtpServer;
import org.postroom.protocol.AuthFailurePolicy;
import org.postroom.protocol.ConnectionsPerUserAndAddress;
import org.postroom.protocol.ExponentialAuthFailurePolicy;
import org.postroom.protocol.imap.MessageCache;

/**
 * Postroom's inbound resource adapter: each activated endpoint (a message-driven bean plus its activation spec) is
 * one listening socket. The network threads (Netty event loops and the ordered dispatch pool) run as long-lived
 * WorkManager Works; they start with the first endpoint and stop with the last one, inside
 * {@link #endpointDeactivation} (by {@link #stop()} the WorkManager can no longer be used).
 *
 * <p>
 * Properties: {@code ioThreads} (Netty I/O event loops; 0 means one per processor, at most 4),
 * {@code dispatchThreads} (workers that run protocol engines and bean calls; default 16), {@code loginThreads}
 * (workers that run input that may check a password; default 4) and {@code maxDispatchThreads} (the most dispatch
 * workers, counting those started to stand in for stalled ones; default 64). ADR 0047.
 *
 * <p>
 * Outbound (ADR 0040): the {@code eis/postroom/outbound-smtp} connection factory's {@link OutboundClient} runs on the
 * same network threads. It is made on first use (starting the threads if no listener did) and stopped with them.
 */
public class PostroomResourceAdapter implements ResourceAdapter {

    private static final Logger LOG = Logger.getLogger(PostroomResourceAdapter.class.getName());
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    /** What the IMAP and POP3 engines get when no endpoint can be created: NO [UNAVAILABLE], -ERR [SYS/TEMP]. */
    private static final Supplier<IOException> UNAVAILABLE = () -> new IOException(
            "mail store temporarily unavailable");

    private Integer ioThreads = 0;
    private Integer dispatchThreads = 16;
    private Integer loginThreads = 4;
    private Integer maxDispatchThreads = 64;

    /** Shared by every listener: a client that fails over POP3 does not start afresh over IMAP. */
    private final AuthFailurePolicy authFailures = ExponentialAuthFailurePolicy.defaults();
    /**
     * Shared by the IMAP listeners (ADR 0020): made by the first IMAP activation with its capacity, dropped with the
     * network threads when the last endpoint goes.
     */
    private MessageCache imapMessageCache;
    /** Shared by the IMAP listeners like the message cache: made by the first IMAP activation with its limit. */
    private ConnectionsPerUserAndAddress imapPerUser;
    private BootstrapContext bootstrapContext;
    private NetworkRuntime runtime;
    private final Map<Activation, ProtocolServer> listeners = new HashMap<>();
    private OutboundClient outbound;

    private record Activation(MessageEndpointFactory factory, ActivationSpec spec) {
    }

    @Override
    public synchronized void start(BootstrapContext context) throws ResourceAdapterInternalException {
        this.bootstrapContext = context;
        LOG.info("Postroom resource adapter started");
    }

    @Override
    public synchronized void stop() {
        if (!listeners.isEmpty()) {
            LOG.warning("stopping with " + listeners.size() + " endpoint(s) still active; closing them");
            listeners.values().forEach(ProtocolServer::close);
            listeners.clear();
        }
        imapMessageCache = null;
        imapPerUser = null;
        stopOutbound();
        if (runtime != null) {
            try {
                runtime.shutdown(SHUTDOWN_TIMEOUT);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "network threads did not stop cleanly", e);
            }
            runtime = null;
        }
        bootstrapContext = null;
        LOG.info("Postroom resource adapter stopped");
    }

    @Override
    public synchronized void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec)
            throws ResourceException {
        if (!(spec instanceof ListenerActivationSpec listenerSpec)) {
            throw new NotSupportedException("unsupported activation spec " + spec.getClass().getName());
        }
        if (bootstrapContext == null) {
            throw new ResourceAdapterInternalException("resource adapter not started");
        }
        listenerSpec.validate();
        ensureRuntime();
        String name = spec.toString();
        try {
            ProtocolServer server;
            if (spec instanceof SmtpActivationSpec smtp) {
                SmtpListenerSettings settings = smtp.toSettings();
                name = settings.network().name();
                server = SmtpServer.start(runtime, settings, EndpointProxy.of(SmtpAcceptanceListener.class, factory,
                        () -> new RejectException(451, "4.3.0", "Service temporarily unavailable, try again later")),
                        authFailures);
            } else if (spec instanceof Pop3ActivationSpec pop3) {
                Pop3ListenerSettings settings = pop3.toSettings();
                name = settings.network().name();
                server = Pop3Server.start(runtime, settings,
                        EndpointProxy.of(MaildropListener.class, factory, UNAVAILABLE), authFailures);
            } else if (spec instanceof ImapActivationSpec imap) {
                ImapListenerSettings settings = imap.toSettings();
                name = settings.network().name();
                server = ImapServer.start(runtime, settings,
                        EndpointProxy.of(MailboxSessionListener.class, factory, UNAVAILABLE), authFailures,
                        imapMessageCache(settings.messageCacheBytes()), imapPerUser(settings));
            } else {
                throw new NotSupportedException("unsupported activation spec " + spec.getClass().getName());
            }
            listeners.put(new Activation(factory, spec), server);
        } catch (IOException | ResourceException | RuntimeException e) {
            if (listeners.isEmpty() && outbound == null) {
                runtime.shutdown(SHUTDOWN_TIMEOUT);
                runtime = null;
                imapMessageCache = null;
                imapPerUser = null;
            }
            if (e instanceof ResourceException re) {
                throw re;
            }
            throw new ResourceException("cannot start listener " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        ProtocolServer server = listeners.remove(new Activation(factory, spec));
        if (server == null) {
            LOG.warning("deactivation of an unknown endpoint: " + spec);
            return;
        }
        server.close();
        if (listeners.isEmpty()) {
            imapMessageCache = null;
            imapPerUser = null;
        }
        if (listeners.isEmpty() && runtime != null) {
            // the application is stopping (its beans go first): the outbound client stops with the threads, while
            // the WorkManager still works
            stopOutbound();
            runtime.shutdown(SHUTDOWN_TIMEOUT);
            runtime = null;
            LOG.info("last endpoint deactivated; network threads stopped");
        }
    }

    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return new XAResource[0];
    }

    /** Whether {@link #start} ran and {@link #stop} did not. */
    public synchronized boolean started() {
        return bootstrapContext != null;
    }

    /**
     * The outbound SMTP client, made now (with the network threads, if no listener started them) when there is none.
     * Every connection factory shares the first one's settings.
     *
     * @throws ResourceException when the adapter is not started or the client cannot be made (a bad trust store)
     */
    public synchronized OutboundClient outboundClient(OutboundSettings settings) throws ResourceException {
        if (bootstrapContext == null) {
            throw new ResourceAdapterInternalException("resource adapter not started");
        }
        if (outbound == null) {
            ensureRuntime();
            try {
                outbound = new OutboundClient(runtime, settings);
            } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
                if (listeners.isEmpty()) {
                    runtime.shutdown(SHUTDOWN_TIMEOUT);
                    runtime = null;
                }
                throw new ResourceException("cannot start the outbound SMTP client: " + e.getMessage(), e);
            }
        } else if (!outbound.settings().equals(settings)) {
            LOG.warning("outbound SMTP connection factories with different settings; all share the first one's: "
                    + outbound.settings());
        }
        return outbound;
    }

    private void ensureRuntime() {
        if (runtime == null) {
            runtime = new NetworkRuntime(new WorkManagerExecutor(bootstrapContext.getWorkManager()), ioThreads(),
                    dispatchThreads, loginThreads, Math.max(dispatchThreads, maxDispatchThreads));
        }
    }

    private void stopOutbound() {
        if (outbound != null) {
            outbound.close();
            outbound = null;
        }
    }

    /** Counters per active listener, keyed by listener name ({@code smtp/2525}), for metrics. */
    public synchronized Map<String, ListenerMetrics.Snapshot> getListenerMetrics() {
        Map<String, ListenerMetrics.Snapshot> result = new LinkedHashMap<>();
        for (ProtocolServer server : listeners.values()) {
            result.put(server.settings().name(), server.metrics().snapshot());
        }
        return result;
    }

    /** The IMAP listeners' shared message cache, made now with this capacity if there is none. */
    private MessageCache imapMessageCache(long capacityBytes) {
        if (imapMessageCache == null) {
            imapMessageCache = new MessageCache(capacityBytes);
            LOG.info("IMAP message cache: " + capacityBytes + " bytes");
        } else if (imapMessageCache.capacityBytes() != capacityBytes) {
            LOG.warning("IMAP listeners configured with different messageCacheBytes; all share the first one's "
                    + imapMessageCache.capacityBytes() + " bytes, not " + capacityBytes);
        }
        return imapMessageCache;
    }

    /** The IMAP listeners' shared count of sessions per user and address, made now if there is none. */
    private ConnectionsPerUserAndAddress imapPerUser(ImapListenerSettings settings) {
        if (imapPerUser == null) {
            imapPerUser = settings.newPerUserCounter();
        }
        return imapPerUser;
    }

    /** The message cache the IMAP listeners share; empty while none is active. */
    synchronized Optional<MessageCache> imapMessageCache() {
        return Optional.ofNullable(imapMessageCache);
    }

    private int ioThreads() {
        return ioThreads > 0 ? ioThreads : Math.min(Runtime.getRuntime().availableProcessors(), 4);
    }

    public Integer getIoThreads() {
        return ioThreads;
    }

    public void setIoThreads(Integer ioThreads) {
        if (ioThreads != null) {
            this.ioThreads = ioThreads;
        }
    }

    public Integer getDispatchThreads() {
        return dispatchThreads;
    }

    public void setDispatchThreads(Integer dispatchThreads) {
        if (dispatchThreads != null) {
            this.dispatchThreads = dispatchThreads;
        }
    }

    public Integer getLoginThreads() {
        return loginThreads;
    }

    public void setLoginThreads(Integer loginThreads) {
        if (loginThreads != null) {
            this.loginThreads = loginThreads;
        }
    }

    public Integer getMaxDispatchThreads() {
        return maxDispatchThreads;
    }

    public void setMaxDispatchThreads(Integer maxDispatchThreads) {
        if (maxDispatchThreads != null) {
            this.maxDispatchThreads = maxDispatchThreads;
        }
    }
}
