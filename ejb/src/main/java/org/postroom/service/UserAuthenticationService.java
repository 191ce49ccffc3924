package org.postroom.service;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import org.postroom.connector.api.AuthenticationResult;
import org.postroom.directory.DirectoryRecipient;
import org.postroom.directory.DirectoryService;
import org.postroom.directory.DirectoryUnavailableException;
import org.postroom.directory.DirectoryUser;
import org.postroom.directory.LdapDirectory;
import org.postroom.domain.EmailAddress;
import org.postroom.domain.InvalidAddressException;
import org.postroom.domain.PasswordHasher;
import org.postroom.domain.VerifiedCredentialCache;
import org.postroom.store.Account;
import org.postroom.store.AccountRepository;
import org.postroom.store.DomainRepository;

/**
 * Checks a mail user's login (SMTP AUTH, POP3, IMAP).
 *
 * <p>A local user (an account with a password of its own) is checked against its stored hash: the account and the
 * hash are read on every login; a password verified against that same hash within {@code postroom.auth.cache.ttl} is
 * accepted from the {@link LoginCache} without the slow hash (ADR 0017).
 *
 * <p>Any other login goes to the corporate directory when one is configured (ADR 0050): the user is found with the
 * service account (by a login attribute, or by one of the user's addresses), a disabled user is refused, and the
 * password is checked by binding as the user's DN; the login cache remembers a successful bind under the user's DN,
 * and a failed bind drops what it remembered of the user, so a password is never accepted from the cache after it
 * failed a bind. The session is the user's mailbox, at the primary address, created with the default folders at the
 * first login. A mailbox that the directory sync disabled (the user left the directory, or is disabled there; ADR
 * 0066) takes no login, whatever the caches hold. When the directory cannot be asked, the answer is
 * {@link AuthenticationResult#temporarilyUnavailable()}. Failures are never cached.
 */
@Stateless
public class UserAuthenticationService {

    private static final Logger LOG = Logger.getLogger(UserAuthenticationService.class.getName());
    private static final PasswordHasher HASHER = new PasswordHasher();
    /** Verified against when the user does not exist, so that unknown and known users cost the same time. */
    private static final String DUMMY_HASH = HASHER.hash("not a real password".toCharArray());

    @Inject
    AccountRepository accounts;

    @Inject
    LoginCache loginCache;

    @Inject
    DirectoryService directory;

    @Inject
    DirectoryMailboxes mailboxes;

    @Inject
    DomainRepository domains;

    /** Whether the password is the login's; never says which of the two was wrong. */
    public AuthenticationResult authenticate(String login, String password) {
        if (login == null || password == null || password.isEmpty()) {
            return AuthenticationResult.invalidCredentials();
        }
        Optional<EmailAddress> address = address(login);
        Optional<Account> local = address.flatMap(a -> accounts.findCurrent(a.toString()));
        if (local.isPresent() && !DirectoryMailboxes.isDirectoryAccount(local.get().getPasswordHash())) {
            if (local.get().getDisabled().isPresent()) {
                HASHER.verify(password.toCharArray(), DUMMY_HASH);
                return AuthenticationResult.invalidCredentials();
            }
            return local(local.get(), password);
        }
        if (!directory.configured()) {
            HASHER.verify(password.toCharArray(), DUMMY_HASH);
            return AuthenticationResult.invalidCredentials();
        }
        try {
            return directory(login, address, password);
        } catch (DirectoryUnavailableException e) {
            return AuthenticationResult.temporarilyUnavailable();
        }
    }

    private AuthenticationResult local(Account account, String password) {
        String address = account.getAddress();
        String hash = account.getPasswordHash();
        char[] presented = password.toCharArray();
        try {
            VerifiedCredentialCache cache = loginCache.cache();
            if (cache.matches(address, hash, presented)) {
                return AuthenticationResult.authenticated(address);
            }
            if (!HASHER.verify(presented, hash)) {
                return AuthenticationResult.invalidCredentials();
            }
            if (HASHER.needsRehash(hash)) {
                // made with an older, lower iteration count: the password is at hand now, so store today's hash of it
                hash = HASHER.hash(presented);
                account.setPasswordHash(hash);
                LOG.fine(() -> "Password hash of " + address + " renewed with the current iteration count");
            }
            cache.remember(address, hash, presented);
            return AuthenticationResult.authenticated(address);
        } finally {
            Arrays.fill(presented, '\0');
        }
    }

    private AuthenticationResult directory(String login, Optional<EmailAddress> address, String password)
            throws DirectoryUnavailableException {
        Optional<DirectoryUser> found = directoryUser(login, address);
        if (found.isEmpty() || found.get().primary().isEmpty()) {
            return AuthenticationResult.invalidCredentials();
        }
        DirectoryUser user = found.get();
        EmailAddress primary = user.primary().get();
        if (!passwordOf(user, primary.toString(), password)) {
            return AuthenticationResult.invalidCredentials();
        }
        Optional<Account> account = mailboxes.ensure(primary, user.displayName());
        if (account.isEmpty()) {
            LOG.warning("Directory user " + user.dn() + " has the primary address " + primary
                    + " in a domain this server does not host; no mailbox, no login");
            return AuthenticationResult.invalidCredentials();
        }
        if (account.get().getDisabled().isPresent()) {
            // the last sync found the user gone or disabled (ADR 0066): a cached lookup or login does not undo that
            return AuthenticationResult.invalidCredentials();
        }
        return AuthenticationResult.authenticated(account.get().getAddress());
    }

    /**
     * Whether {@code login} is a directory user in {@code postroom.ldap.admin.group} with this password: an
     * administrator of the whole REST API (ADR 0050). False without a directory, and while it cannot be asked.
     */
    public boolean administrator(String login, String password) {
        return administration(login, password).global();
    }

    /**
     * What {@code login} with this password may administer over REST besides the local administrator (ADR 0050,
     * 0068, 0081). A local user (an account with a password of its own): the domains granted to its address over REST.
     * A directory user: everything as a member of {@code postroom.ldap.admin.group}, else the domains whose
     * {@code postroom.ldap.domain.admin.group} holds the user together with those granted to it over REST. Nothing for
     * a wrong password, and for a directory user while the directory cannot be asked.
     */
    public Administration administration(String login, String password) {
        if (login == null || password == null || password.isEmpty()) {
            return Administration.NONE;
        }
        Optional<EmailAddress> address = address(login);
        Optional<Account> local = address.flatMap(a -> accounts.findCurrent(a.toString()));
        if (local.isPresent() && !DirectoryMailboxes.isDirectoryAccount(local.get().getPasswordHash())) {
            if (local.get().getDisabled().isPresent()) {
                HASHER.verify(password.toCharArray(), DUMMY_HASH);
                return Administration.NONE;
            }
            if (!(local(local.get(), password) instanceof AuthenticationResult.Authenticated)) {
                return Administration.NONE;
            }
            return new Administration(false, domains.administeredBy(Set.of(local.get().getAddress())));
        }
        if (!directory.configured()) {
            return Administration.NONE;
        }
        try {
            Optional<DirectoryUser> user = directoryUser(login, address);
            // Cached apart from the user's mail logins, under the DN: an administrator may have no mailbox.
            if (user.isEmpty() || !passwordOf(user.get(), administratorKey(user.get()), password)) {
                return Administration.NONE;
            }
            if (directory.isAdministrator(user.get())) {
                return new Administration(true, Set.of());
            }
            return new Administration(false, directoryDomains(login, user.get()));
        } catch (DirectoryUnavailableException e) {
            return Administration.NONE;
        }
    }

    /**
     * The domains {@code login}, already authenticated, administers (ADR 0068, 0081): for a local user those granted
     * over REST, for a directory user also those of its directory groups; empty when none, and for a directory user
     * while the directory cannot be asked.
     */
    public Set<String> administeredDomains(String login) {
        if (login == null) {
            return Set.of();
        }
        Optional<EmailAddress> address = address(login);
        Optional<Account> local = address.flatMap(a -> accounts.find(a.toString()));
        if (local.isPresent() && !DirectoryMailboxes.isDirectoryAccount(local.get().getPasswordHash())) {
            return local.get().getDisabled().isPresent()
                    ? Set.of()
                    : domains.administeredBy(Set.of(local.get().getAddress()));
        }
        if (!directory.configured()) {
            return Set.of();
        }
        try {
            Optional<DirectoryUser> user = directoryUser(login, address);
            return user.isEmpty() || user.get().disabled() ? Set.of() : directoryDomains(login, user.get());
        } catch (DirectoryUnavailableException e) {
            return Set.of();
        }
    }

    /**
     * The name under which a REST grant for {@code login} is kept (ADR 0081): the address of the account at that
     * address; else, with a directory, the primary address of the directory user the login names (by a login
     * attribute or an address), or the login in lower case for a directory user without one. Empty: nobody.
     *
     * @throws DirectoryUnavailableException when only the directory could say, and it cannot be asked
     */
    public Optional<String> grantee(String login) throws DirectoryUnavailableException {
        if (login == null || login.isBlank()) {
            return Optional.empty();
        }
        Optional<EmailAddress> address = address(login);
        Optional<Account> account = address.flatMap(a -> accounts.find(a.toString()));
        if (account.isPresent()) {
            return Optional.of(account.get().getAddress());
        }
        if (!directory.configured()) {
            return Optional.empty();
        }
        return directoryUser(login, address).map(user -> granteeName(login, user));
    }

    /** The domains of the directory user's groups and those granted to it over REST. */
    private Set<String> directoryDomains(String login, DirectoryUser user) throws DirectoryUnavailableException {
        Set<String> all = new HashSet<>(directory.administeredDomains(user));
        all.addAll(domains.administeredBy(Set.of(granteeName(login, user))));
        return Set.copyOf(all);
    }

    private static String granteeName(String login, DirectoryUser user) {
        return user.primary().map(EmailAddress::toString).orElse(login.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * What a REST login may administer: everything ({@code global}), or only these domains' users, aliases,
     * restrictions and quotas.
     */
    public record Administration(boolean global, Set<String> domains) {
        public static final Administration NONE = new Administration(false, Set.of());

        public Administration {
            domains = Set.copyOf(domains);
        }

        /** Whether it may administer anything at all. */
        public boolean any() {
            return global || !domains.isEmpty();
        }
    }

    /** The directory user a login names: by a login attribute, else by an address of theirs. */
    private Optional<DirectoryUser> directoryUser(String login, Optional<EmailAddress> address)
            throws DirectoryUnavailableException {
        Optional<DirectoryUser> found = directory.userByLogin(login);
        if (found.isEmpty() && address.isPresent()
                && directory.recipient(address.get()) instanceof DirectoryRecipient.Mailbox mailbox) {
            found = Optional.of(mailbox.user());
        }
        return found;
    }

    /**
     * Whether {@code password} is the enabled {@code user}'s: from the login cache under {@code cacheUser}, else by a
     * bind; a refused bind (or a disabled user) drops everything the cache held for the user (mail and REST logins).
     */
    private boolean passwordOf(DirectoryUser user, String cacheUser, String password)
            throws DirectoryUnavailableException {
        VerifiedCredentialCache cache = loginCache.cache();
        if (user.disabled()) {
            forget(user);
            return false;
        }
        // The DN stands where a local user's stored hash does: a user renamed or re-created never hits.
        String key = "directory:" + user.dn();
        char[] presented = password.toCharArray();
        try {
            if (!cache.matches(cacheUser, key, presented)) {
                if (directory.bind(user, password) != LdapDirectory.BindOutcome.ACCEPTED) {
                    forget(user);
                    return false;
                }
                cache.remember(cacheUser, key, presented);
            }
            return true;
        } finally {
            Arrays.fill(presented, '\0');
        }
    }

    private void forget(DirectoryUser user) {
        VerifiedCredentialCache cache = loginCache.cache();
        user.primary().ifPresent(primary -> cache.forget(primary.toString()));
        cache.forget(administratorKey(user));
    }

    private static String administratorKey(DirectoryUser user) {
        return "administrator:" + user.dn();
    }

    private static Optional<EmailAddress> address(String login) {
        try {
            return Optional.of(EmailAddress.parse(login));
        } catch (InvalidAddressException e) {
            return Optional.empty();
        }
    }
}
