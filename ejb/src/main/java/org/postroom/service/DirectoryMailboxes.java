package org.postroom.service;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.postroom.directory.DirectorySync;
import org.postroom.directory.DirectoryUser;
import org.postroom.domain.EmailAddress;
import org.postroom.store.Account;
import org.postroom.store.AccountRepository;
import org.postroom.store.Disabled;
import org.postroom.store.DomainRepository;
import org.postroom.store.Folder;
import org.postroom.store.FolderRepository;
import org.postroom.store.HostedDomain;

/**
 * The mailboxes of directory users (ADR 0050): an account at the user's primary address, created with the default
 * folders on the first delivery or login, whose password lives in the directory. Works in the caller's transaction.
 */
@ApplicationScoped
public class DirectoryMailboxes {

    /**
     * The stored "password hash" of a directory user's account: not a hash of anything, so no password ever matches
     * it locally ({@link org.postroom.domain.PasswordHasher} rejects it); a login is checked by the directory.
     */
    public static final String DIRECTORY_PASSWORD = "{directory}";

    @Inject
    DomainRepository domains;
    @Inject
    AccountRepository accounts;
    @Inject
    FolderRepository folders;

    /** Whether an account with this stored hash belongs to a directory user. */
    public static boolean isDirectoryAccount(String passwordHash) {
        return DIRECTORY_PASSWORD.equals(passwordHash);
    }

    /**
     * The account of the mailbox at {@code primary}: the one that exists (a directory user's, or a local user's at
     * the same address: an address is one mailbox), or a new directory account with the default folders.
     *
     * @return empty when there is no account and {@code primary}'s domain is not hosted here
     */
    public Optional<Account> ensure(EmailAddress primary, Optional<String> displayName) {
        Optional<Account> existing = accounts.find(primary.toString());
        if (existing.isPresent()) {
            return existing;
        }
        Optional<HostedDomain> domain = domains.find(primary.domain());
        if (domain.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(create(primary, domain.get(), displayName, false));
    }

    /** @param batch whether the account is part of a batch that is written as a whole (no flush of its own) */
    private Account create(EmailAddress primary, HostedDomain domain, Optional<String> displayName, boolean batch) {
        Instant now = Instant.now();
        Account created = new Account(primary.toString(), domain,
                displayName.map(DirectoryMailboxes::displayName).orElse(null), DIRECTORY_PASSWORD, now);
        Account account = batch ? accounts.addInBatch(created) : accounts.add(created);
        for (String[] folder : UserService.DEFAULT_FOLDERS) {
            folders.addFolder(new Folder(account, folder[0], folder[1], now.getEpochSecond()));
        }
        return account;
    }

    /** The address of every account, local or directory (one query, addresses only). */
    public Set<String> existingAddresses() {
        return accounts.addresses();
    }

    /**
     * The missing mailboxes of these users (enabled, with a primary address; see {@link #ensure}).
     *
     * @return how many were created
     */
    public int provision(List<DirectoryUser> users) {
        List<DirectoryUser> wanted = users.stream().filter(u -> !u.disabled() && u.primary().isPresent()).toList();
        // One query for the batch's existing accounts and one per domain, not one per user: a periodic sync of a
        // large directory finds nearly all of them present.
        Set<String> done = new HashSet<>(accounts.existingAddresses(
                wanted.stream().map(u -> u.primary().get().toString()).toList()));
        Map<String, Optional<HostedDomain>> hosted = new HashMap<>();
        int created = 0;
        for (DirectoryUser user : wanted) {
            EmailAddress primary = user.primary().get();
            if (!done.add(primary.toString())) {
                continue;
            }
            Optional<HostedDomain> domain = hosted.computeIfAbsent(primary.domain(), domains::find);
            if (domain.isPresent()) {
                create(primary, domain.get(), user.displayName(), true);
                created++;
            }
        }
        return created;
    }

    /**
     * After a complete read of the directory (ADR 0066): a directory mailbox whose primary address is no enabled
     * user's is disabled ({@link Disabled#DISABLED_IN_DIRECTORY} when a disabled user has it, otherwise
     * {@link Disabled#NOT_IN_DIRECTORY}) and kept; a disabled one whose user is enabled again is enabled. Local
     * accounts (a password of their own) are left alone.
     */
    public DirectorySync.Outcome reconcile(Set<String> enabled, Set<String> disabled, Instant at) {
        int disabledNow = 0;
        int enabledAgain = 0;
        for (Map.Entry<String, Optional<Disabled>> account : accounts.disabledByAddress(DIRECTORY_PASSWORD)
                .entrySet()) {
            String address = account.getKey();
            Optional<Disabled> was = account.getValue();
            if (enabled.contains(address)) {
                if (was.isPresent()) {
                    accounts.setDisabled(address, null);
                    enabledAgain++;
                }
                continue;
            }
            String reason = disabled.contains(address) ? Disabled.DISABLED_IN_DIRECTORY : Disabled.NOT_IN_DIRECTORY;
            if (was.isEmpty() || !was.get().reason().equals(reason)) {
                accounts.setDisabled(address, new Disabled(was.map(Disabled::at).orElse(at), reason));
                if (was.isEmpty()) {
                    disabledNow++;
                }
            }
        }
        return new DirectorySync.Outcome(disabledNow, enabledAgain);
    }

    private static String displayName(String name) {
        String clean = name.replaceAll("\\p{Cntrl}", " ");
        return clean.length() > 256 ? clean.substring(0, 256) : clean;
    }
}
