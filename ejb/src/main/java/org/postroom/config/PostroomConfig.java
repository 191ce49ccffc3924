package org.postroom.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.postroom.directory.DirectorySettings;
import org.postroom.domain.RetrySchedule;

/**
 * Postroom's settings, read from MicroProfile Config: the server.xml variables (each with a default), each
 * overridable by the matching {@code POSTROOM_*} environment variable ({@code postroom.admin.user} ←
 * {@code POSTROOM_ADMIN_USER}). The full list with defaults is in {@code server-config/server.xml}.
 */
@ApplicationScoped
public class PostroomConfig {

    private Config config() {
        return ConfigProvider.getConfig(PostroomConfig.class.getClassLoader());
    }

    private Optional<String> value(String name) {
        return config().getOptionalValue(name, String.class).map(String::trim).filter(v -> !v.isEmpty());
    }

    private String value(String name, String fallback) {
        return value(name).orElse(fallback);
    }

    /** Root of everything Postroom writes: the embedded database (H2), broker journal, keys. */
    public Path dataDir() {
        return Path.of(value("postroom.data.dir", "data")).toAbsolutePath();
    }

    /** The database's JDBC URL ({@code postroom.db.url}; empty when unset, i.e. the server.xml default is used). */
    public String dbUrl() {
        return value("postroom.db.url", "");
    }

    public String hostname() {
        return value("postroom.hostname", "localhost");
    }

    public String adminUser() {
        return value("postroom.admin.user", "admin");
    }

    /** The configured admin password; empty when none is set (one is then generated at first start). */
    public Optional<String> adminPassword() {
        return value("postroom.admin.password");
    }

    public boolean brokerEmbedded() {
        return Boolean.parseBoolean(value("postroom.broker.embedded", "true"));
    }

    public String brokerHost() {
        return value("postroom.broker.host", "127.0.0.1");
    }

    public int brokerPort() {
        return Integer.parseInt(value("postroom.broker.port", "2616"));
    }

    /**
     * The client networks allowed to relay without authenticating ({@code postroom.smtp.relay.networks}): a comma
     * separated CIDR list, empty by default (nobody relays unauthenticated).
     */
    public String relayNetworks() {
        return value("postroom.smtp.relay.networks", "");
    }

    /** The largest message accepted, in bytes ({@code postroom.smtp.max.message.bytes}, default 50 MiB). */
    public long maxMessageBytes() {
        return Long.parseLong(value("postroom.smtp.max.message.bytes", "52428800"));
    }

    /** Whether a full mailbox refuses mail permanently (552 5.2.2) rather than for now (452 4.2.2). */
    public boolean quotaHard() {
        return Boolean.parseBoolean(value("postroom.quota.hard", "false"));
    }

    /**
     * In-flow control ({@code postroom.smtp.inflow.backlog}, default 20): the delivery backlog, in jobs, above which
     * the reply to MAIL FROM is held; 0 turns it off.
     */
    public long inflowBacklog() {
        return Long.parseLong(value("postroom.smtp.inflow.backlog", "20"));
    }

    /** In-flow control: the longest hold of one MAIL FROM, in ms ({@code postroom.smtp.inflow.max.delay.ms}). */
    public long inflowMaxDelayMillis() {
        return Long.parseLong(value("postroom.smtp.inflow.max.delay.ms", "1000"));
    }

    /**
     * The most delivery jobs one delivery transaction takes while a backlog waits ({@code postroom.delivery.batch},
     * default 16; 1 delivers every job in a transaction of its own).
     */
    public int deliveryBatch() {
        return Math.max(1, Integer.parseInt(value("postroom.delivery.batch", "16")));
    }

    /** Bytes that accepted messages may hold in memory together before new ones are refused for now (451 4.3.1). */
    public long acceptMemoryBudgetBytes() {
        return Long.parseLong(value("postroom.smtp.memory.budget.bytes", "268435456"));
    }

    /**
     * How long a verified login is trusted for a repeated login with the same password, in seconds
     * ({@code postroom.auth.cache.ttl}, default 300; 0 turns the cache off; ADR 0017).
     */
    public long authCacheTtlSeconds() {
        return Math.max(0, Long.parseLong(value("postroom.auth.cache.ttl", "300")));
    }

    /**
     * The most IMAP folders one user may have ({@code postroom.max.folders}, default 10,000); CREATE beyond it is
     * refused with {@code NO [LIMIT]}.
     */
    public int maxFolders() {
        return Math.max(1, Integer.parseInt(value("postroom.max.folders", "10000")));
    }

    /**
     * Whether loopback clients are exempt from the per-address limits ({@code postroom.limits.exempt.loopback},
     * default true): a local admin tool or webmail, and tests, are not throttled. Set it false behind a reverse proxy on
     * the same machine, where every client looks like loopback.
     */
    public boolean limitsExemptLoopback() {
        return Boolean.parseBoolean(value("postroom.limits.exempt.loopback", "true"));
    }

    /**
     * The corporate directory ({@code postroom.ldap.*}, ADR 0050); empty when {@code postroom.ldap.url} is not set.
     *
     * @throws IllegalArgumentException when a setting is invalid; the message names it
     */
    public Optional<DirectorySettings> directorySettings() {
        return DirectorySettings.from(this::value);
    }

    /**
     * How often the directory sync runs by itself ({@code postroom.ldap.sync.interval}, 15m; 0 = never; ADR 0066).
     *
     * @throws IllegalArgumentException when the value is not a duration
     */
    public Duration directorySyncInterval() {
        return duration("postroom.ldap.sync.interval", "15m");
    }

    private Duration duration(String name, String fallback) {
        return RetrySchedule.parseDuration(name, value(name, fallback));
    }

    /**
     * The retry schedule of undelivered mail (ADR 0042): {@code postroom.queue.retry.first} (5m),
     * {@code postroom.queue.retry.max} (1h), {@code postroom.queue.lifetime} (5d), {@code postroom.queue.delay.warning}
     * (4h; 0 = no delay warnings).
     */
    public RetrySchedule retrySchedule() {
        return new RetrySchedule(duration("postroom.queue.retry.first", "5m"),
                duration("postroom.queue.retry.max", "1h"), duration("postroom.queue.lifetime", "5d"),
                duration("postroom.queue.delay.warning", "4h"));
    }

    /** How long a settled job's content and recipient rows are kept ({@code postroom.queue.retention}, 7d). */
    public Duration queueRetention() {
        return duration("postroom.queue.retention", "7d");
    }

    /**
     * The DNS resolvers for outbound routing ({@code postroom.dns.servers}): a comma-separated list of {@code host}
     * or {@code host:port} ({@code [v6]:port} for an IPv6 address with a port); empty for the system's resolvers.
     */
    public String dnsServers() {
        return value("postroom.dns.servers", "");
    }

    /** The port outbound SMTP connects to ({@code postroom.outbound.port}, 25). */
    public int outboundPort() {
        return Integer.parseInt(value("postroom.outbound.port", "25"));
    }

    /** The smart host every remote message goes to ({@code postroom.relay.host}, {@code host:port}); empty: MX. */
    public Optional<String> relayHost() {
        return value("postroom.relay.host");
    }

    /** The smart host's AUTH user ({@code postroom.relay.user}); with it, TLS is required. */
    public Optional<String> relayUser() {
        return value("postroom.relay.user");
    }

    public Optional<String> relayPassword() {
        return value("postroom.relay.password");
    }
}
