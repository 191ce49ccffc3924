package org.postroom.store;

import java.util.List;
import java.util.Optional;

/** The hosted (virtual) domains. Names passed in are already normalised. */
public interface DomainRepository {

    Optional<HostedDomain> find(String name);

    /** All hosted domains, ordered by name. */
    List<HostedDomain> findAll();

    HostedDomain add(HostedDomain domain);

    /** Removes the domain row only; callers remove its users and aliases first. */
    void remove(HostedDomain domain);
}
