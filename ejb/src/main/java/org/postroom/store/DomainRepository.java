package org.postroom.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The hosted (virtual) domains. Names passed in are already normalised. */
public interface DomainRepository {

    Optional<HostedDomain> find(String name);

    /** All hosted domains, ordered by name. */
    List<HostedDomain> findAll();

    HostedDomain add(HostedDomain domain);

    /** Removes the domain row only; callers remove its users, aliases and administrators first. */
    void remove(HostedDomain domain);

    /** The administrators granted {@code domain} over REST (ADR 0081), ordered by login. */
    List<DomainAdministrator> administrators(HostedDomain domain);

    /** Grants {@code login} the administration of {@code domain}; false when it had it already. */
    boolean addAdministrator(HostedDomain domain, String login, Instant at);

    /** Withdraws {@code login}'s grant of {@code domain}; false when there was none. */
    boolean removeAdministrator(HostedDomain domain, String login);

    /** Withdraws every grant of {@code domain}. */
    void removeAdministrators(HostedDomain domain);

    /** Withdraws every grant {@code login} holds, of any domain; how many there were. */
    int removeGrantsOf(String login);

    /** The names of the domains granted to any of {@code logins}. */
    Set<String> administeredBy(Collection<String> logins);
}
