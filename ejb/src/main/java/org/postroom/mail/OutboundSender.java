package org.postroom.mail;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.naming.InitialContext;
import javax.naming.NamingException;

import jakarta.ejb.Asynchronous;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.postroom.config.PostroomConfig;
import org.postroom.connector.api.BodyType;
import org.postroom.connector.api.outbound.MessageSource;
import org.postroom.connector.api.outbound.OutboundRecipient;
import org.postroom.connector.api.outbound.OutboundSmtpConnection;
import org.postroom.connector.api.outbound.OutboundSmtpConnectionFactory;
import org.postroom.connector.api.outbound.OutboundSmtpException;
import org.postroom.connector.api.outbound.OutboundTransaction;
import org.postroom.connector.api.outbound.RecipientOutcome;
import org.postroom.connector.api.outbound.TransactionOutcome;
import org.postroom.outbound.DnsJavaDns;
import org.postroom.outbound.HttpsPolicyFetcher;
import org.postroom.outbound.MtaSts;
import org.postroom.outbound.MxResolver;
import org.postroom.outbound.Route;
import org.postroom.outbound.Router;
import org.postroom.outbound.TrustStores;

/**
 * Sends the recipients of one job that the queue runner claimed: grouped by domain, one SMTP transaction per domain
 * (to the smart host too), each routed by {@link Router} and handed to the resource adapter's
 * outbound client ({@code eis/postroom/outbound-smtp}, looked up when first needed, so that a server without the
 * client still starts and its remote mail simply waits). Nothing here blocks on a socket: the client's stage
 * completes on an adapter thread, which only hands the outcome to {@link QueueLife#recordOutcomesLater}, an
 * asynchronous bean method: the database is written on the container's pool, never on the adapter's thread.
 * A domain that cannot be routed gets its outcome at once (a DNS failure for now defers, a null MX bounces).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class OutboundSender {

    /** Where the adapter's outbound client is bound. */
    public static final String FACTORY_JNDI = "eis/postroom/outbound-smtp";

    private static final Logger LOG = Logger.getLogger(OutboundSender.class.getName());

    @EJB
    QueueLife life;
    @Inject
    PostroomConfig config;
    @Inject
    StoreDirectory directory;

    /** The outbound client; looked up in JNDI when null (tests set a fake). */
    OutboundSmtpConnectionFactory factory;
    /** The router; built from the configuration when null (tests set one over a fake DNS). */
    Router router;

    /** {@link #send} on the container's pool, so the queue runner does not wait for DNS. */
    @Asynchronous
    public void sendLater(OutboundWork work) {
        send(work);
    }

    /** Sends the work's recipients, one transaction per domain; the outcomes are recorded when they come. */
    public void send(OutboundWork work) {
        Map<String, List<OutboundWork.Recipient>> byDomain = new LinkedHashMap<>();
        for (OutboundWork.Recipient r : work.recipients()) {
            byDomain.computeIfAbsent(r.domain(), d -> new ArrayList<>()).add(r);
        }
        Router routes;
        try {
            routes = router();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Outbound routing is misconfigured: " + e.getMessage(), e);
            byDomain.values().forEach(rs -> record(work, rs, RecipientOutcome.Status.DEFERRED,
                    "451 4.3.5 outbound routing is misconfigured: " + e.getMessage()));
            return;
        }
        for (Map.Entry<String, List<OutboundWork.Recipient>> group : byDomain.entrySet()) {
            String domain = group.getKey();
            List<OutboundWork.Recipient> recipients = group.getValue();
            if (directory.hostsDomain(domain)) {
                // hosted since the message was routed: it must not leave; local delivery is not redone here
                record(work, recipients, RecipientOutcome.Status.DEFERRED,
                        "451 4.3.0 " + domain + " is hosted here now; not sent out");
                continue;
            }
            Route route;
            try {
                route = routes.route(domain);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Routing " + domain + " failed", e);
                route = new Route.Unroutable(false, "451 4.4.3 routing " + domain + " failed: " + e);
            }
            if (route instanceof Route.Unroutable u) {
                record(work, recipients, u.permanent()
                        ? RecipientOutcome.Status.FAILED
                        : RecipientOutcome.Status.DEFERRED, u.reply());
                continue;
            }
            transmit(work, recipients, (Route.Hosts) route);
        }
    }

    private void transmit(OutboundWork work, List<OutboundWork.Recipient> recipients, Route.Hosts route) {
        List<String> addresses = recipients.stream().map(OutboundWork.Recipient::address).toList();
        OutboundTransaction transaction = new OutboundTransaction(route.hosts(), route.tls(), route.login(),
                config.hostname(), work.sender().orElse(""),
                recipients.stream()
                        .map(r -> new OutboundRecipient(r.address(), r.notifyConditions(), r.originalRecipient()))
                        .toList(),
                eightBit(work.content()) ? BodyType.EIGHT_BIT_MIME : BodyType.SEVEN_BIT,
                needsSmtpUtf8(work, recipients), work.ret(), work.envelopeId(), source(work.content()));
        CompletionStage<TransactionOutcome> stage;
        try (OutboundSmtpConnection connection = factory().getConnection()) {
            stage = connection.send(transaction);
        } catch (OutboundSmtpException | NamingException | RuntimeException e) {
            LOG.warning("Delivery job " + work.queueId() + ": the outbound client cannot take it now: " + e);
            record(work, recipients, RecipientOutcome.Status.DEFERRED,
                    "451 4.3.0 the outbound SMTP client is not available: " + e.getMessage());
            return;
        }
        // on an adapter thread: hand over, touch nothing else
        stage.whenComplete((outcome, error) -> {
            if (error != null) {
                life.recordOutcomesLater(work.jobId(), addresses, outcomes(recipients,
                        RecipientOutcome.Status.DEFERRED, "451 4.3.0 the outbound client failed: " + error));
            } else {
                life.recordOutcomesLater(work.jobId(), addresses, outcome.recipients());
            }
        });
    }

    private void record(OutboundWork work, List<OutboundWork.Recipient> recipients, RecipientOutcome.Status status,
            String reply) {
        life.recordOutcomesLater(work.jobId(), recipients.stream().map(OutboundWork.Recipient::address).toList(),
                outcomes(recipients, status, reply));
    }

    private static List<RecipientOutcome> outcomes(List<OutboundWork.Recipient> recipients,
            RecipientOutcome.Status status, String reply) {
        return recipients.stream().map(r -> new RecipientOutcome(r.address(), status, reply, Optional.empty()))
                .toList();
    }

    private OutboundSmtpConnectionFactory factory() throws NamingException {
        OutboundSmtpConnectionFactory f = factory;
        if (f == null) {
            f = InitialContext.doLookup(FACTORY_JNDI);
            factory = f;
        }
        return f;
    }

    private Router router() {
        Router r = router;
        if (r == null) {
            DnsJavaDns dns = Dns.shared(config.dnsServers());
            Optional<Router.SmartHost> smart = config.relayHost()
                    .map(h -> Router.SmartHost.parse(h, config.relayUser(), config.relayPassword()));
            Optional<MtaSts> mtaSts = config.outboundMtaSts()
                    ? Optional.of(Dns.mtaSts(dns, config.outboundTrustStore(), config.outboundTrustStorePassword()))
                    : Optional.empty();
            r = new Router(new MxResolver(dns, new Random()), dns, config.outboundPort(), smart, mtaSts);
            router = r;
        }
        return r;
    }

    /** One DNS cache per server (per configured resolver list), shared by every sender bean. */
    static final class Dns {
        private static volatile DnsJavaDns shared;
        private static volatile String sharedFor;

        private static volatile MtaSts sharedMtaSts;
        private static volatile DnsJavaDns mtaStsFor;

        static synchronized DnsJavaDns shared(String servers) {
            if (shared == null || !servers.equals(sharedFor)) {
                shared = DnsJavaDns.forServers(servers, java.time.Duration.ofSeconds(5));
                sharedFor = servers;
            }
            return shared;
        }

        /** One MTA-STS policy cache per server (per resolver list), fetching over the outbound trust store. */
        static synchronized MtaSts mtaSts(DnsJavaDns dns, Optional<String> trustStore, Optional<String> password) {
            if (sharedMtaSts == null || mtaStsFor != dns) {
                sharedMtaSts = new MtaSts(dns, new HttpsPolicyFetcher(dns, TrustStores.context(trustStore, password),
                        443, java.time.Duration.ofSeconds(20)), java.time.Clock.systemUTC());
                mtaStsFor = dns;
            }
            return sharedMtaSts;
        }
    }

    static MessageSource source(byte[] content) {
        return new MessageSource() {
            @Override
            public long size() {
                return content.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(content);
            }
        };
    }

    static boolean eightBit(byte[] content) {
        for (byte b : content) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }

    /** SMTPUTF8 (RFC 6531) is needed when an address or the header has UTF-8 in it. */
    static boolean needsSmtpUtf8(OutboundWork work, List<OutboundWork.Recipient> recipients) {
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(work.sender().orElse(""))
                || recipients.stream().anyMatch(r -> !StandardCharsets.US_ASCII.newEncoder().canEncode(r.address()))) {
            return true;
        }
        byte[] c = work.content();
        for (int i = 0; i < c.length; i++) {
            if (c[i] == '\n' && i + 1 < c.length && (c[i + 1] == '\n' || (c[i + 1] == '\r' && i + 2 < c.length
                    && c[i + 2] == '\n'))) {
                return false; // end of the header
            }
            if (c[i] < 0) {
                return true;
            }
        }
        return false;
    }
}
