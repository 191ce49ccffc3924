package org.postroom.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;

import org.postroom.dkim.DkimKeyring;
import org.postroom.service.Views.DomainView;
import org.postroom.store.Account;
import org.postroom.store.AccountRepository;
import org.postroom.store.AliasRepository;
import org.postroom.store.DkimKeyRepository;
import org.postroom.store.DomainRepository;
import org.postroom.store.HostedDomain;

/**
 * Hosted domains: adding (with a DKIM key, ADR 0060), listing, and removing them (with their users and aliases when
 * forced, and their DKIM keys).
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
            loginCache.cache().forget(account.getAddress());
        }
        dkimKeys.removeAll(domain);
        domains.remove(domain);
    }

    private HostedDomain require(String name) {
        return AdminInput.hostedDomain(domains, name);
    }

    private DomainView view(HostedDomain d) {
        return new DomainView(d.getName(), accounts.countByDomain(d), aliases.countByDomain(d), d.getCreatedAt());
    }
}
