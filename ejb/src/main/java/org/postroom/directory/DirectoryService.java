package org.postroom.directory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.postroom.config.PostroomConfig;
import org.postroom.domain.EmailAddress;

/**
 * This server's view of the corporate directory (ADR 0050): the {@link LdapDirectory} of the {@code postroom.ldap.*}
 * settings, with its look-ups (users by login, addresses, group members) reused for {@code postroom.ldap.cache.ttl}
 * seconds and, while no directory server answers, for up to {@link #STALE_LIMIT}. Binds (password checks) are
 * never cached here; the login cache of ADR 0017 remembers successful ones. Without {@code postroom.ldap.url}
 * {@link #configured()} is false and nothing else may be called. Settings that are invalid are logged at start and
 * every call then fails as an outage (temporary errors, mail kept), never as a refusal.
 */
@ApplicationScoped
public class DirectoryService {

    private static final Logger LOG = Logger.getLogger(DirectoryService.class.getName());

    /** How long a known answer is used while the directory cannot be asked. */
    static final Duration STALE_LIMIT = Duration.ofHours(1);
    /** Look-ups remembered at most, per kind. */
    static final int MAX_ENTRIES = 50_000;

    @Inject
    PostroomConfig config;

    private Optional<LdapDirectory> ldap = Optional.empty();
    private Optional<String> misconfigured = Optional.empty();
    private LookupCache<String, Optional<DirectoryUser>> logins;
    private LookupCache<EmailAddress, DirectoryRecipient> addresses;
    private LookupCache<String, List<DirectoryUser>> groups;
    private LookupCache<String, Boolean> administrators;
    private LookupCache<String, Set<String>> domainAdministrators;

    @PostConstruct
    void init() {
        try {
            config.directorySettings().ifPresent(settings -> {
                LOG.info("Corporate directory: " + settings);
                use(new LdapDirectory(settings), settings.cacheTtl(), Clock.systemUTC());
            });
        } catch (IllegalArgumentException e) {
            LOG.severe("Corporate directory settings are invalid, logins and mail that need it get temporary"
                    + " errors until they are fixed: " + e.getMessage());
            misconfigured = Optional.of(e.getMessage());
            use(null, Duration.ZERO, Clock.systemUTC());
        }
    }

    /** A service over {@code directory} (tests, and the server's own set-up). */
    public static DirectoryService over(LdapDirectory directory, Duration ttl, Clock clock) {
        DirectoryService service = new DirectoryService();
        service.use(directory, ttl, clock);
        return service;
    }

    /** A service for a server without a directory. */
    public static DirectoryService none() {
        return new DirectoryService();
    }

    private void use(LdapDirectory directory, Duration ttl, Clock clock) {
        ldap = Optional.ofNullable(directory);
        logins = new LookupCache<>(ttl, STALE_LIMIT, MAX_ENTRIES, clock);
        addresses = new LookupCache<>(ttl, STALE_LIMIT, MAX_ENTRIES, clock);
        groups = new LookupCache<>(ttl, STALE_LIMIT, MAX_ENTRIES, clock);
        administrators = new LookupCache<>(ttl, STALE_LIMIT, MAX_ENTRIES, clock);
        domainAdministrators = new LookupCache<>(ttl, STALE_LIMIT, MAX_ENTRIES, clock);
    }

    @PreDestroy
    void close() {
        ldap.ifPresent(LdapDirectory::close);
    }

    /** Whether a directory is configured ({@code postroom.ldap.url}). */
    public boolean configured() {
        return ldap.isPresent() || misconfigured.isPresent();
    }

    /** The user a login name names (see {@link LdapDirectory#findLogin}). */
    public Optional<DirectoryUser> userByLogin(String login) throws DirectoryUnavailableException {
        LdapDirectory directory = directory();
        return logins.get(login.toLowerCase(Locale.ROOT), key -> directory.findLogin(login));
    }

    /** Checks the user's password by binding as the user; never answered from a cache. */
    public LdapDirectory.BindOutcome bind(DirectoryUser user, String password) throws DirectoryUnavailableException {
        return directory().bind(user.dn(), password);
    }

    /** What the directory says of {@code address}. */
    public DirectoryRecipient recipient(EmailAddress address) throws DirectoryUnavailableException {
        LdapDirectory directory = directory();
        return addresses.get(address, directory::findAddress);
    }

    /** The enabled users with a mailbox that a group reaches (see {@link LdapDirectory#groupMembers}). */
    public List<DirectoryUser> groupMembers(String groupDn) throws DirectoryUnavailableException {
        LdapDirectory directory = directory();
        return groups.get(groupDn.toLowerCase(Locale.ROOT), key -> directory.groupMembers(groupDn));
    }

    /** Every user of the user filter, read in pages; never cached. */
    public long forEachUser(java.util.function.Consumer<DirectoryUser> each) throws DirectoryUnavailableException {
        return directory().forEachUser(each);
    }

    /**
     * Whether {@code user} is in {@code postroom.ldap.admin.group} (directly or through nested groups): an
     * administrator of the REST API. False when no group is configured.
     */
    public boolean isAdministrator(DirectoryUser user) throws DirectoryUnavailableException {
        LdapDirectory directory = directory();
        Optional<String> group = directory.settings().adminGroup();
        if (group.isEmpty()) {
            return false;
        }
        return administrators.get(user.dn().toLowerCase(Locale.ROOT), key -> directory.isMember(group.get(),
                user.dn()));
    }

    /**
     * The domains {@code user} administers through the groups of {@code postroom.ldap.domain.admin.group} (ADR 0068),
     * lower case; empty when none is configured.
     */
    public Set<String> administeredDomains(DirectoryUser user) throws DirectoryUnavailableException {
        LdapDirectory directory = directory();
        if (directory.settings().domainAdminGroup().isEmpty()) {
            return Set.of();
        }
        return domainAdministrators.get(user.dn().toLowerCase(Locale.ROOT),
                key -> Set.copyOf(directory.administeredDomains(user.dn())));
    }

    /**
     * The DN of {@code domain}'s administrators' group ({@code postroom.ldap.domain.admin.group} with the domain in
     * place of {@code {domain}}, ADR 0068); empty without a directory or without that setting.
     */
    public Optional<String> domainAdminGroup(String domain) {
        return ldap.flatMap(l -> l.settings().domainAdminGroup())
                .map(pattern -> pattern.replace(DirectorySettings.DOMAIN_PLACEHOLDER, domain));
    }

    private LdapDirectory directory() throws DirectoryUnavailableException {
        if (misconfigured.isPresent()) {
            throw new DirectoryUnavailableException("the directory settings are invalid: " + misconfigured.get(),
                    null);
        }
        return ldap.orElseThrow(() -> new IllegalStateException("no directory is configured"));
    }
}
