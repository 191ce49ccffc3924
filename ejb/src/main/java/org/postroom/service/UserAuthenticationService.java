package org.postroom.service;

import java.util.Arrays;
import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import org.postroom.domain.EmailAddress;
import org.postroom.domain.InvalidAddressException;
import org.postroom.domain.PasswordHasher;
import org.postroom.domain.VerifiedCredentialCache;
import org.postroom.store.AccountRepository;

/**
 * Checks a mail user's login (SMTP AUTH, POP3, IMAP). The account and its stored hash are read on every login; a
 * password verified against that same hash within {@code postroom.auth.cache.ttl} is accepted from the
 * {@link LoginCache} without the slow hash (ADR 0017). Failures are never cached.
 */
@Stateless
public class UserAuthenticationService {

    private static final PasswordHasher HASHER = new PasswordHasher();
    /** Verified against when the user does not exist, so that unknown and known users cost the same time. */
    private static final String DUMMY_HASH = HASHER.hash("not a real password".toCharArray());

    @Inject
    AccountRepository accounts;

    @Inject
    LoginCache loginCache;

    /** The user's canonical address when the password is theirs; empty otherwise (never says which was wrong). */
    public Optional<String> authenticate(String login, String password) {
        if (login == null || password == null || password.isEmpty()) {
            return Optional.empty();
        }
        String address;
        try {
            address = EmailAddress.parse(login).toString();
        } catch (InvalidAddressException e) {
            HASHER.verify(password.toCharArray(), DUMMY_HASH);
            return Optional.empty();
        }
        Optional<String> stored = accounts.find(address).map(a -> a.getPasswordHash());
        if (stored.isEmpty()) {
            HASHER.verify(password.toCharArray(), DUMMY_HASH);
            return Optional.empty();
        }
        String hash = stored.get();
        char[] presented = password.toCharArray();
        try {
            VerifiedCredentialCache cache = loginCache.cache();
            if (cache.matches(address, hash, presented)) {
                return Optional.of(address);
            }
            if (!HASHER.verify(presented, hash)) {
                return Optional.empty();
            }
            cache.remember(address, hash, presented);
            return Optional.of(address);
        } finally {
            Arrays.fill(presented, '\0');
        }
    }
}
