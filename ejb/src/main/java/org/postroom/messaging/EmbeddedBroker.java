package org.postroom.messaging;

import java.nio.file.Path;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.postroom.config.PostroomConfig;

/**
 * The ActiveMQ Artemis broker embedded in the server (the default; {@code POSTROOM_BROKER_EMBEDDED=false} selects an
 * external broker instead). Its journal lives under the data directory so queued work survives restarts. It accepts
 * connections on loopback only; the Artemis resource adapter reaches it over TCP exactly as it would reach an external
 * broker (ADR 0003).
 */
@Startup
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
public class EmbeddedBroker {

    private static final Logger LOG = Logger.getLogger(EmbeddedBroker.class.getName());

    /** How often the broker delivers a message before it moves it to the dead-letter queue {@code DLQ}. */
    public static final int MAX_DELIVERY_ATTEMPTS = 10;
    /** The durable queue of delivery jobs (an anycast Artemis address of the same name). */
    public static final String DELIVERY_QUEUE = "postroom.delivery";

    @Inject
    PostroomConfig config;

    private volatile EmbeddedActiveMQ broker;

    @PostConstruct
    void start() {
        if (!config.brokerEmbedded()) {
            LOG.info("Using an external broker at " + config.brokerHost() + ":" + config.brokerPort());
            return;
        }
        Path dir = config.dataDir().resolve("broker");
        try {
            Configuration cfg = new ConfigurationImpl().setName("postroom")
                    .setPersistenceEnabled(true)
                    .setJournalType(JournalType.NIO)
                    .setJournalDirectory(dir.resolve("journal").toString())
                    .setBindingsDirectory(dir.resolve("bindings").toString())
                    .setLargeMessagesDirectory(dir.resolve("large-messages").toString())
                    .setPagingDirectory(dir.resolve("paging").toString())
                    .setSecurityEnabled(false)
                    .setJMXManagementEnabled(false);
            cfg.addAcceptorConfiguration("postroom", "tcp://127.0.0.1:" + config.brokerPort());
            cfg.addAddressSetting("#", new AddressSettings().setDeadLetterAddress(SimpleString.of("DLQ"))
                    .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                    .setMaxDeliveryAttempts(MAX_DELIVERY_ATTEMPTS)
                    .setRedeliveryDelay(1000)
                    .setRedeliveryMultiplier(2)
                    .setMaxRedeliveryDelay(60_000));
            // Declared, not auto-created: an auto-created queue is deleted when it is empty and has no consumer, and a
            // dead-letter address without a queue drops what it receives.
            for (String queue : new String[]{DELIVERY_QUEUE, "DLQ", "ExpiryQueue"}) {
                cfg.addQueueConfiguration(QueueConfiguration.of(queue).setRoutingType(RoutingType.ANYCAST)
                        .setDurable(true));
            }
            EmbeddedActiveMQ embedded = new EmbeddedActiveMQ();
            embedded.setConfiguration(cfg);
            embedded.start();
            broker = embedded;
            LOG.info("Embedded Artemis broker started on 127.0.0.1:" + config.brokerPort() + ", journal in " + dir);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded Artemis broker on port " + config.brokerPort()
                    + " with its journal in " + dir + ": " + e.getMessage(), e);
        }
    }

    @PreDestroy
    void stop() {
        EmbeddedActiveMQ b = broker;
        broker = null;
        if (b != null) {
            try {
                b.stop();
            } catch (Exception e) {
                LOG.warning("Embedded broker did not stop cleanly: " + e);
            }
        }
    }
}
