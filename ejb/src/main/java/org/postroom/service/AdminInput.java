package org.postroom.service;

import org.postroom.domain.DomainName;
import org.postroom.domain.EmailAddress;
import org.postroom.domain.InvalidAddressException;
import org.postroom.domain.SenderPattern;
import org.postroom.store.DomainRepository;
import org.postroom.store.HostedDomain;

/** Parses administrator input with the domain rules, turning their refusals into {@link ServiceException}s. */
final class AdminInput {

    private AdminInput() {
    }

    static EmailAddress address(String text) {
        try {
            return EmailAddress.parse(text);
        } catch (InvalidAddressException e) {
            throw ServiceException.invalid(e.getMessage());
        }
    }

    static String domain(String text) {
        try {
            return DomainName.normalize(text);
        } catch (InvalidAddressException e) {
            throw ServiceException.invalid(e.getMessage());
        }
    }

    static SenderPattern senderPattern(String text) {
        try {
            return SenderPattern.parse(text);
        } catch (InvalidAddressException e) {
            throw ServiceException.invalid(e.getMessage());
        }
    }

    /** The hosted domain of that name, or a 404-kind refusal. */
    static HostedDomain hostedDomain(DomainRepository domains, String name) {
        String normalized = domain(name);
        return domains.find(normalized)
                .orElseThrow(() -> ServiceException.notFound("domain " + normalized + " is not hosted here"));
    }
}
