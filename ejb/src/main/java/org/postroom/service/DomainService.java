package org.postroom.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;

import org.postroom.directory.DirectoryService;
import org.postroom.directory.DirectoryUnavailableException;
import org.postroom.dkim.DkimKeyring;
import org.postroom.service.Views.DomainAdministratorsView;
import org.postroom.service.Views.DomainView;
import org.postroom.service.Views.GrantView;
import org.postroom.store.Account;
import org.postroom.store.AccountRepository;
import org.postroom.store.AliasRepository;
import org.postroom.store.DkimKeyRepository;
import org.postroom.store.DomainRepository;
import org.postroom.store.HostedDomain;

/**
 * Hosted domains: adding (with a DKIM key, ADR 0060), listing, and removing them (with their users and aliases when
 * forced, their DKIM keys and their administrators), and the grants that make a user an administrator of one domain
 * (ADR 0081).
 */
@Stateless
public class DomainService {

    private static final Logger LOG = Logger.getLogger(DomainService.class.getName());

    @Inject
    DomainRepository domains;
    @Inject
    AccountRepository accounts;
    @Inject
    AliasRepository aliases;
    @Inject
    LoginCache loginCache;
    @Inject
    DkimKeyRepository dkimKeys;
    @Inject
    DkimKeyring dkim;
    @Inject
    DirectoryService directory;
    @EJB
    UserAuthenticationService users;

    /** Hosts a domain; returns false when it was hosted already (PUT is idempotent). */
    public boolean create(String name) {
        String normalized = AdminInput.domain(name);
        if (domains.find(normalized).isPresent()) {
            return false;
        }
        HostedDomain domain;
        try {
            domain = domains.add(new HostedDomain(normalized, Instant.now()));
        } catch (PersistenceException e) {
            throw ServiceException.conflict("domain " + normalized + " was created concurrently");
        }
        // its DKIM key comes with it (ADR 0060): mail from the domain is signed from the start
        try {
            dkim.generate(domain, Optional.empty(), Optional.empty(), Instant.now());
        } catch (IllegalStateException | IllegalArgumentException e) {
            // the master key or a setting is broken: host the domain anyway, its mail leaves unsigned until a POST
            LOG.severe("DKIM: no key for the new domain " + normalized + " (" + e.getMessage() + "); its mail leaves"
                    + " unsigned until POST /api/domains/" + normalized + "/dkim succeeds");
        }
        return true;
    }

    public List<DomainView> list() {
        return domains.findAll().stream().map(this::view).toList();
    }

    public DomainView get(String name) {
        return view(require(name));
    }

    /**
     * Stops hosting a domain. A domain with users or aliases is removed only when forced, and then with all of them
     * (mailboxes included).
     */
    public void delete(String name, boolean force) {
        HostedDomain domain = require(name);
        long users = accounts.countByDomain(domain);
        long aliasCount = aliases.countByDomain(domain);
        if ((users > 0 || aliasCount > 0) && !force) {
            throw ServiceException.conflict("domain " + domain.getName() + " has " + users + " user(s) and "
                    + aliasCount + " alias(es); delete them first or use ?force=true");
        }
        aliases.findByDomain(domain).forEach(aliases::remove);
        for (Account account : accounts.findByDomain(domain)) {
            accounts.remove(account);
            domains.removeGrantsOf(account.getAddress());
            loginCache.cache().forget(account.getAddress());
        }
        dkimKeys.removeAll(domain);
        domains.removeAdministrators(domain);
        domains.remove(domain);
    }

    /** Who administers the domain besides the global administrators: REST grants and the directory group. */
    public DomainAdministratorsView administrators(String name) {
        HostedDomain domain = require(name);
        return new DomainAdministratorsView(domain.getName(), domains.administrators(domain).stream()
                .map(a -> new GrantView(a.getLogin(), a.getGrantedAt()))
                .toList(), directory.domainAdminGroup(domain.getName()).orElse(null));
    }

    /**
     * Makes the user {@code login} names an administrator of the domain (ADR 0081); returns the grant and whether it is
     * new (PUT is idempotent). 404 for a login that names no local or directory user; 503 when only the directory
     * could say and it cannot be asked.
     */
    public Granted grant(String name, String login) {
        HostedDomain domain = require(name);
        String grantee = grantee(login).orElseThrow(() -> ServiceException.notFound("no user " + login
                + ": grant a local user's address, or a directory user's login or address"));
        boolean created = domains.addAdministrator(domain, grantee, Instant.now());
        GrantView view = domains.administrators(domain).stream().filter(a -> a.getLogin().equals(grantee))
                .map(a -> new GrantView(a.getLogin(), a.getGrantedAt())).findFirst().orElseThrow();
        return new Granted(view, created);
    }

    /** A grant, and whether this call made it. */
    public record Granted(GrantView grant, boolean created) {
    }

    /**
     * Withdraws the grant of the domain from {@code login}: the name as listed, or any login or address of the same
     * user. 404 when it holds none.
     */
    public void revoke(String name, String login) {
        HostedDomain domain = require(name);
        String literal = login.trim().toLowerCase(java.util.Locale.ROOT);
        if (domains.removeAdministrator(domain, literal)) {
            return;
        }
        Optional<String> grantee;
        try {
            grantee = users.grantee(login);
        } catch (DirectoryUnavailableException e) {
            grantee = Optional.empty();
        }
        if (grantee.isEmpty() || !domains.removeAdministrator(domain, grantee.get())) {
            throw ServiceException.notFound(login + " is not an administrator of " + domain.getName()
                    + " through the API");
        }
    }

    private Optional<String> grantee(String login) {
        try {
            return users.grantee(login);
        } catch (DirectoryUnavailableException e) {
            throw ServiceException.unavailable("the corporate directory cannot be asked who " + login
                    + " is; try again later");
        }
    }

    private HostedDomain require(String name) {
        return AdminInput.hostedDomain(domains, name);
    }

    private DomainView view(HostedDomain d) {
        return new DomainView(d.getName(), accounts.countByDomain(d), aliases.countByDomain(d), d.getCreatedAt());
    }
}
