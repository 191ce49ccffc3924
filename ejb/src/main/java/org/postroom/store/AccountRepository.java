package org.postroom.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.postroom.domain.QuotaUsage;

/** Users and, through {@link #remove}, everything their mailbox holds. Addresses passed in are normalised. */
public interface AccountRepository {

    Optional<Account> find(String address);

    /** Which of {@code addresses} have an account: one query for a batch (the directory sync's). */
    Set<String> existingAddresses(Collection<String> addresses);

    /**
     * {@link #find}, read from the database past every cache: for logins, so that a password changed or an account
     * disabled through another server (which shares the database, not this server's cache) counts at once.
     */
    Optional<Account> findCurrent(String address);

    /**
     * The account's limits and sender rules by address, read with plain statements in the caller's transaction (the
     * SMTP hot path, ADR 0019); empty when there is no such account.
     */
    Optional<AccountLimits> limits(String address);

    /**
     * The accounts with this stored password hash (a directory user's marker), as {@code address -> disabled}: what
     * the directory sync compares with the directory (ADR 0066).
     */
    Map<String, Optional<Disabled>> disabledByAddress(String passwordHash);

    /**
     * Disables the account at {@code address} ({@code disabled}), or enables it ({@code null}); false when there is
     * no such account.
     */
    boolean setDisabled(String address, Disabled disabled);

    /** All users, ordered by address. */
    List<Account> findAll();

    /** The users of one domain, ordered by address. */
    List<Account> findByDomain(HostedDomain domain);

    long countByDomain(HostedDomain domain);

    Account add(Account account);

    /**
     * As {@link #add}, but written at the transaction's next flush or commit rather than at once: for a batch that
     * succeeds or fails as a whole (the directory sync), where a flush per account costs a pass over every entity
     * the batch has made so far.
     */
    Account addInBatch(Account account);

    /** The address of every account (addresses only, no entity). */
    Set<String> addresses();

    /** Removes the user with its folders and messages, and message content no other mailbox references. */
    void remove(Account account);

    /** Bytes and messages stored in all the user's folders. */
    QuotaUsage usage(Account account);

    /** {@link #usage(Account)} by the account's id, with one plain statement. */
    QuotaUsage usage(long accountId);
}
