package org.postroom.store;

import java.util.List;
import java.util.Optional;

import org.postroom.domain.QuotaUsage;

/** Users and, through {@link #remove}, everything their mailbox holds. Addresses passed in are normalised. */
public interface AccountRepository {

    Optional<Account> find(String address);

    /** All users, ordered by address. */
    List<Account> findAll();

    /** The users of one domain, ordered by address. */
    List<Account> findByDomain(HostedDomain domain);

    long countByDomain(HostedDomain domain);

    Account add(Account account);

    /** Removes the user with its folders and messages, and message content no other mailbox references. */
    void remove(Account account);

    /** Bytes and messages stored in all the user's folders. */
    QuotaUsage usage(Account account);
}
