package org.postroom.service;

import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import org.postroom.domain.EmailAddress;
import org.postroom.domain.InvalidAddressException;
import org.postroom.domain.PasswordHasher;
import org.postroom.store.AccountRepository;

/** Checks a mail user's login (SMTP AUTH now; POP3 and IMAP later). */
@Stateless
public class UserAuthenticationService {

    private static final PasswordHasher HASHER = new PasswordHasher();
    /** Verified against when the user does not exist, so that unknown and known users cost the same time. */
    private static final String DUMMY_HASH = HASHER.hash("not a real password".toCharArray());

    @Inject
    AccountRepository accounts;

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
        String hash = accounts.find(address).map(a -> a.getPasswordHash()).orElse(DUMMY_HASH);
        boolean ok = HASHER.verify(password.toCharArray(), hash);
        return ok && !hash.equals(DUMMY_HASH) ? Optional.of(address) : Optional.empty();
    }
}
