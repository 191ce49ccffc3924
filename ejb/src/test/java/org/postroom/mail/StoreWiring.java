package org.postroom.mail;

import jakarta.persistence.EntityManager;

import org.postroom.config.PostroomConfig;
import org.postroom.directory.DirectoryService;
import org.postroom.dkim.DkimKeyVault;
import org.postroom.dkim.DkimKeyring;
import org.postroom.domain.RetrySchedule;
import org.postroom.messaging.MailboxChangeNotifier;
import org.postroom.mime.ContentAnalysisService;
import org.postroom.service.UserAuthentications;
import org.postroom.store.MessageRepository;
import org.postroom.store.db.JpaAccountRepository;
import org.postroom.store.db.JpaAliasRepository;
import org.postroom.store.db.JpaContentRepository;
import org.postroom.store.db.JpaDkimKeyRepository;
import org.postroom.store.db.JpaDomainRepository;
import org.postroom.store.db.JpaFolderRepository;
import org.postroom.store.db.JpaHeaderFieldsRepository;
import org.postroom.store.db.JpaQueueRepository;
import org.postroom.store.db.JpaStructureRepository;

/** The mail beans over the JPA repositories of one entity manager, wired as the container wires them, for tests. */
final class StoreWiring {

    /** The DKIM key vault of the tests: a fixed master key, no file. */
    static final DkimKeyVault VAULT = new DkimKeyVault(new byte[32]);

    private StoreWiring() {
    }

    /** A configuration with these policy settings and a 10 MB message limit. */
    static PostroomConfig config(String relayNetworks, boolean hardQuota) {
        return config(relayNetworks, hardQuota, RetrySchedule.DEFAULT);
    }

    /** A configuration with these policy settings, this retry schedule and a 10 MB message limit. */
    static PostroomConfig config(String relayNetworks, boolean hardQuota, RetrySchedule schedule) {
        return new PostroomConfig() {
            @Override
            public String relayNetworks() {
                return relayNetworks;
            }

            @Override
            public long maxMessageBytes() {
                return 10_000_000;
            }

            @Override
            public boolean quotaHard() {
                return hardQuota;
            }

            @Override
            public String hostname() {
                return "mail.example.org";
            }

            @Override
            public RetrySchedule retrySchedule() {
                return schedule;
            }

            @Override
            public java.time.Duration queueRetention() {
                return java.time.Duration.ofDays(7);
            }

            @Override
            public String dkimAlgorithm() {
                return "rsa-sha256";
            }

            @Override
            public String dkimSelectorPrefix() {
                return "postroom";
            }
        };
    }

    /** The delivery reports over {@code em}'s repositories. */
    static DeliveryReports reports(EntityManager em, PostroomConfig config) {
        DeliveryReports reports = new DeliveryReports();
        reports.config = config;
        reports.contents = new JpaContentRepository(em);
        reports.queue = new JpaQueueRepository(em);
        return reports;
    }

    /** The queue's life over {@code em}'s repositories. */
    static QueueLife life(EntityManager em, PostroomConfig config) {
        QueueLife life = new QueueLife();
        life.queue = new JpaQueueRepository(em);
        life.contents = new JpaContentRepository(em);
        life.reports = reports(em, config);
        life.config = config;
        life.dkim = new DkimKeyring(new JpaDkimKeyRepository(em), config, VAULT);
        return life;
    }

    /** The directory over {@code em}'s repositories, without a corporate directory. */
    static StoreDirectory directory(EntityManager em, PostroomConfig config) {
        return directory(em, config, DirectoryService.none());
    }

    /** The directory over {@code em}'s repositories and the corporate directory {@code corporate}. */
    static StoreDirectory directory(EntityManager em, PostroomConfig config, DirectoryService corporate) {
        StoreDirectory directory = new StoreDirectory();
        directory.corporate = corporate;
        directory.config = config;
        directory.domains = new JpaDomainRepository(em);
        directory.accounts = new JpaAccountRepository(em);
        directory.aliases = new JpaAliasRepository(em);
        directory.folders = new JpaFolderRepository(em);
        directory.mailboxes = UserAuthentications.mailboxes(directory.accounts, directory.domains,
                directory.folders);
        return directory;
    }

    /** The delivery service over {@code em}'s repositories, appending through {@code messages}. */
    static DeliveryService delivery(EntityManager em, PostroomConfig config, MessageRepository messages,
            MailboxChangeNotifier notifier) {
        return delivery(em, config, messages, notifier, DirectoryService.none());
    }

    /** {@link #delivery} with the corporate directory {@code corporate}. */
    static DeliveryService delivery(EntityManager em, PostroomConfig config, MessageRepository messages,
            MailboxChangeNotifier notifier, DirectoryService corporate) {
        DeliveryService service = new DeliveryService();
        service.queue = new JpaQueueRepository(em);
        service.directory = directory(em, config, corporate);
        service.contents = new JpaContentRepository(em);
        service.messages = messages;
        service.analysis = new ContentAnalysisService(new JpaHeaderFieldsRepository(em),
                new JpaStructureRepository(em));
        service.notifier = notifier;
        service.reports = reports(em, config);
        service.config = config;
        return service;
    }
}
