package org.postroom.store;

import java.util.List;
import java.util.Optional;

/** The hosted domains' DKIM keys (ADR 0060). Domain names passed in are already normalised. */
public interface DkimKeyRepository {

    /** The domain's active key (not retired), if it has one. */
    Optional<DkimKey> active(String domain);

    /** Every key of the domain, newest first. */
    List<DkimKey> forDomain(HostedDomain domain);

    DkimKey add(DkimKey key);

    /** Removes every key of the domain (before the domain itself is removed). */
    void removeAll(HostedDomain domain);
}
