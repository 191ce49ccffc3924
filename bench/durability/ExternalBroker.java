import java.nio.file.Path;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * A stand-alone Artemis broker configured as the server's embedded one (ejb EmbeddedBroker: persistent NIO journal,
 * the delivery queue, DLQ and ExpiryQueue declared), for fault scripts that stop and start the broker apart from the
 * server. Run with the EAR's libraries: java -cp 'ear/target/postroom/lib/*' ExternalBroker.java PORT DIRECTORY
 */
public class ExternalBroker {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        Configuration cfg = new ConfigurationImpl().setName("postroom-external")
                .setPersistenceEnabled(true)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dir.resolve("large-messages").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false);
        cfg.addAcceptorConfiguration("postroom", "tcp://127.0.0.1:" + args[0]);
        cfg.addAddressSetting("#", new AddressSettings().setDeadLetterAddress(SimpleString.of("DLQ"))
                .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                .setMaxDeliveryAttempts(10)
                .setRedeliveryDelay(1000)
                .setRedeliveryMultiplier(2)
                .setMaxRedeliveryDelay(60_000));
        for (String queue : new String[]{"postroom.delivery", "DLQ", "ExpiryQueue"}) {
            cfg.addQueueConfiguration(QueueConfiguration.of(queue).setRoutingType(RoutingType.ANYCAST).setDurable(true));
        }
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(cfg);
        broker.start();
        System.out.println("broker started on 127.0.0.1:" + args[0]);
        Thread.currentThread().join();
    }
}
