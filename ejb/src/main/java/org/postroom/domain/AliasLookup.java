package org.postroom.domain;

import java.util.List;
import java.util.Optional;

/**
 * Where {@link AliasExpander} finds the current alias definitions (aliases, distribution groups, forwards).
 *
 * <p>The rule: an address is an alias exactly when this returns a list, possibly empty (an alias that delivers
 * nowhere); it returns {@link Optional#empty()} for an address that is not an alias (a mailbox, or a remote
 * address). It never returns null.
 */
@FunctionalInterface
public interface AliasLookup {

    /**
     * @param address a canonical address
     * @return the targets of {@code address} if it is an alias, otherwise empty
     */
    Optional<List<EmailAddress>> targetsOf(EmailAddress address);
}
