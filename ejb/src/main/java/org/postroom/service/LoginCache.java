package org.postroom.service;

import java.time.Clock;
import java.time.Duration;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.postroom.config.PostroomConfig;
import org.postroom.domain.VerifiedCredentialCache;

/**
 * This server's cache of recently verified logins (ADR 0017), shared by the SMTP AUTH, POP3 and IMAP logins:
 * {@code postroom.auth.cache.ttl} seconds (0: off), at most {@value #MAX_USERS} users.
 */
@ApplicationScoped
public class LoginCache {

    /** Most users remembered at once (about 200 bytes each). */
    static final int MAX_USERS = 50_000;

    @Inject
    PostroomConfig config;

    private VerifiedCredentialCache cache;

    @PostConstruct
    void init() {
        cache = new VerifiedCredentialCache(Duration.ofSeconds(config.authCacheTtlSeconds()), MAX_USERS,
                Clock.systemUTC());
    }

    public VerifiedCredentialCache cache() {
        return cache;
    }
}
