package org.postroom.service;

import org.postroom.config.PostroomConfig;
import org.postroom.store.AccountRepository;

/** The real {@link UserAuthenticationService} outside the container, for tests of the services that call it. */
public final class UserAuthentications {

    private UserAuthentications() {
    }

    /** A login cache as the container makes it, trusting a verified login for {@code ttlSeconds}. */
    public static LoginCache loginCache(long ttlSeconds) {
        LoginCache cache = new LoginCache();
        cache.config = new PostroomConfig() {
            @Override
            public long authCacheTtlSeconds() {
                return ttlSeconds;
            }
        };
        cache.init();
        return cache;
    }

    /** The service over {@code accounts} (bound to the caller's transaction) and the shared {@code cache}. */
    public static UserAuthenticationService over(AccountRepository accounts, LoginCache cache) {
        UserAuthenticationService service = new UserAuthenticationService();
        service.accounts = accounts;
        service.loginCache = cache;
        return service;
    }
}
