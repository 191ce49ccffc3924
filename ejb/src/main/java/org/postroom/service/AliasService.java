package org.postroom.service;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;

import org.postroom.domain.AliasExpander;
import org.postroom.domain.AliasLookup;
import org.postroom.domain.EmailAddress;
import org.postroom.service.Views.AliasView;
import org.postroom.store.AccountRepository;
import org.postroom.store.Alias;
import org.postroom.store.AliasRepository;
import org.postroom.store.DomainRepository;
import org.postroom.store.HostedDomain;

/** Aliases, distribution groups and forwards: one address expanding to local or remote targets. */
@Stateless
public class AliasService {

    static final int MAX_TARGETS = 1000;

    @Inject
    DomainRepository domains;
    @Inject
    AccountRepository accounts;
    @Inject
    AliasRepository aliases;

    /**
     * Creates or replaces an alias. Refused: an address that is a user (409), a domain not hosted (404), no targets,
     * a local target that is neither a user nor an alias, or a definition that would make a loop (400).
     *
     * @return true when the alias was created, false when replaced
     */
    public boolean put(String address, List<String> targets) {
        EmailAddress parsed = AdminInput.address(address);
        HostedDomain domain = AdminInput.hostedDomain(domains, parsed.domain());
        String canonical = parsed.toString();
        if (accounts.find(canonical).isPresent()) {
            throw ServiceException.conflict(canonical + " is a user; an alias cannot have a user's address");
        }
        List<EmailAddress> parsedTargets = targets(canonical, targets);
        AliasLookup lookup = this::targetsOf;
        Optional<List<EmailAddress>> cycle = AliasExpander.findCycle(parsed, parsedTargets, lookup);
        if (cycle.isPresent()) {
            throw ServiceException.invalid("alias loop: "
                    + cycle.get().stream().map(EmailAddress::toString).collect(Collectors.joining(" -> ")));
        }
        List<String> stored = parsedTargets.stream().map(EmailAddress::toString).toList();
        Optional<Alias> existing = aliases.find(canonical);
        if (existing.isPresent()) {
            existing.get().setTargets(stored);
            return false;
        }
        try {
            aliases.add(new Alias(canonical, domain, stored, Instant.now()));
        } catch (PersistenceException e) {
            throw ServiceException.conflict("alias " + canonical + " was created concurrently");
        }
        return true;
    }

    public AliasView get(String address) {
        return view(require(address));
    }

    public List<AliasView> list(String domainOrNull) {
        List<Alias> found = domainOrNull == null
                ? aliases.findAll()
                : aliases.findByDomain(AdminInput.hostedDomain(domains, domainOrNull));
        return found.stream().map(AliasService::view).toList();
    }

    public void delete(String address) {
        aliases.remove(require(address));
    }

    /** The alias graph as the domain rules see it. */
    Optional<List<EmailAddress>> targetsOf(EmailAddress address) {
        return aliases.find(address.toString()).map(a -> a.getTargets().stream().map(EmailAddress::parse).toList());
    }

    private List<EmailAddress> targets(String alias, List<String> targets) {
        if (targets == null || targets.isEmpty()) {
            throw ServiceException.invalid("targets must list at least one address");
        }
        if (targets.size() > MAX_TARGETS) {
            throw ServiceException.invalid("an alias has at most " + MAX_TARGETS + " targets");
        }
        LinkedHashSet<EmailAddress> unique = new LinkedHashSet<>();
        for (String target : targets) {
            if (target == null) {
                throw ServiceException.invalid("targets contains null");
            }
            EmailAddress parsed = AdminInput.address(target);
            boolean local = domains.find(parsed.domain()).isPresent();
            String canonical = parsed.toString();
            if (local && !canonical.equals(alias) && accounts.find(canonical).isEmpty()
                    && aliases.find(canonical).isEmpty()) {
                throw ServiceException.invalid("target " + canonical + " is in a hosted domain but is neither a user"
                        + " nor an alias");
            }
            unique.add(parsed);
        }
        return List.copyOf(unique);
    }

    private Alias require(String address) {
        String canonical = AdminInput.address(address).toString();
        return aliases.find(canonical).orElseThrow(() -> ServiceException.notFound("no alias " + canonical));
    }

    private static AliasView view(Alias a) {
        return new AliasView(a.getAddress(), a.getTargets());
    }
}
