package org.postroom.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;

import org.postroom.config.PostroomConfig;
import org.postroom.dkim.DkimKeyring;
import org.postroom.service.Views.DkimKeyView;
import org.postroom.service.Views.DnsRecordView;
import org.postroom.store.DkimKey;
import org.postroom.store.DkimKeyRepository;
import org.postroom.store.DomainRepository;
import org.postroom.store.HostedDomain;

/**
 * The hosted domains' DKIM keys over REST (ADR 0060) and the DNS records a domain needs (ADR 0061). Only public parts
 * leave: the private key stays sealed in the database.
 */
@Stateless
public class DkimService {

    /** How long a retired key stays in the DNS records listed: mail signed with it may still be checked. */
    static final Duration RETIRED_LISTED = Duration.ofDays(7);

    @Inject
    DomainRepository domains;
    @Inject
    DkimKeyRepository keys;
    @Inject
    DkimKeyring keyring;
    @Inject
    PostroomConfig config;

    /**
     * A new key for the domain, made active; the previous one is retired.
     *
     * @param selector null for the default (prefix and date)
     * @param algorithm null for the configured default
     */
    public DkimKeyView rotate(String domain, String selector, String algorithm) {
        HostedDomain d = AdminInput.hostedDomain(domains, domain);
        try {
            return view(keyring.generate(d, Optional.ofNullable(selector), Optional.ofNullable(algorithm),
                    Instant.now()));
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalid(e.getMessage());
        } catch (PersistenceException e) {
            throw ServiceException.conflict("the DKIM key of " + d.getName() + " was rotated concurrently");
        }
    }

    /** The domain's keys, active first, then the retired ones newest first. */
    public List<DkimKeyView> keys(String domain) {
        HostedDomain d = AdminInput.hostedDomain(domains, domain);
        return keys.forDomain(d).stream()
                .sorted((a, b) -> Boolean.compare(b.isActive(), a.isActive()))
                .map(this::view).toList();
    }

    /** The records to publish for the domain. */
    public List<DnsRecordView> dnsRecords(String domain) {
        HostedDomain d = AdminInput.hostedDomain(domains, domain);
        Instant listedAfter = Instant.now().minus(RETIRED_LISTED);
        List<DnsRecordPlan.Key> published = keys.forDomain(d).stream()
                .filter(k -> k.isActive() || k.getRetiredAt().isAfter(listedAfter))
                .sorted((a, b) -> Boolean.compare(b.isActive(), a.isActive()))
                .map(k -> new DnsRecordPlan.Key(k.getSelector(), DkimKeyring.txtRecord(k),
                        Optional.ofNullable(k.getRetiredAt())))
                .toList();
        return DnsRecordPlan.records(d.getName(), config.hostname(), config.relayHost().map(DnsRecordPlan::relayName),
                published, config.mtaStsMode());
    }

    private DkimKeyView view(DkimKey k) {
        String domain = k.getDomain().getName();
        return new DkimKeyView(domain, k.getSelector(), k.getAlgorithm(), k.isActive(), k.getCreatedAt(),
                k.getRetiredAt(), k.getSelector() + "._domainkey." + domain, DkimKeyring.txtRecord(k));
    }
}
