package org.postroom.store;

import java.util.List;
import java.util.Optional;

/** Aliases, groups and forwards. Addresses passed in are normalised. */
public interface AliasRepository {

    Optional<Alias> find(String address);

    /** All aliases, ordered by address. */
    List<Alias> findAll();

    /** The aliases of one domain, ordered by address. */
    List<Alias> findByDomain(HostedDomain domain);

    long countByDomain(HostedDomain domain);

    Alias add(Alias alias);

    void remove(Alias alias);
}
