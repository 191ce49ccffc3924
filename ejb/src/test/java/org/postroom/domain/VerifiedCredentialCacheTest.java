package org.postroom.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class VerifiedCredentialCacheTest {

    private static final String USER = "alice@example.test";
    private static final String HASH = "pbkdf2-sha256$210000$c2FsdA==$a2V5";

    private final MutableClock clock = new MutableClock();
    private final VerifiedCredentialCache cache = new VerifiedCredentialCache(Duration.ofSeconds(300), 3, clock);

    @Test
    void nothingMatchesBeforeAVerificationIsRemembered() {
        assertFalse(cache.matches(USER, HASH, "secret".toCharArray()));
    }

    @Test
    void rememberedPasswordMatchesTheSameUserHashAndPassword() {
        cache.remember(USER, HASH, "secret".toCharArray());
        assertTrue(cache.matches(USER, HASH, "secret".toCharArray()));
    }

    @Test
    void anotherPasswordDoesNotMatch() {
        cache.remember(USER, HASH, "secret".toCharArray());
        assertFalse(cache.matches(USER, HASH, "Secret".toCharArray()));
        assertFalse(cache.matches(USER, HASH, "secret ".toCharArray()));
    }

    @Test
    void changedStoredHashDoesNotMatchTheOldEntry() {
        cache.remember(USER, HASH, "secret".toCharArray());
        assertFalse(cache.matches(USER, "pbkdf2-sha256$210000$b3RoZXI=$a2V5", "secret".toCharArray()));
    }

    @Test
    void anotherUserDoesNotMatchAnEntryWithTheSameHashAndPassword() {
        cache.remember(USER, HASH, "secret".toCharArray());
        assertFalse(cache.matches("bob@example.test", HASH, "secret".toCharArray()));
    }

    @Test
    void fieldBoundariesCannotBeShiftedBetweenHashAndPassword() {
        cache.remember(USER, "ab", "c".toCharArray());
        assertFalse(cache.matches(USER, "a", "bc".toCharArray()));
    }

    @Test
    void entryExpiresAfterTheTtl() {
        cache.remember(USER, HASH, "secret".toCharArray());
        clock.advance(Duration.ofSeconds(299));
        assertTrue(cache.matches(USER, HASH, "secret".toCharArray()));
        clock.advance(Duration.ofSeconds(1));
        assertFalse(cache.matches(USER, HASH, "secret".toCharArray()));
        assertEquals(0, cache.size());
    }

    @Test
    void aMatchDoesNotExtendTheTtl() {
        cache.remember(USER, HASH, "secret".toCharArray());
        clock.advance(Duration.ofSeconds(200));
        assertTrue(cache.matches(USER, HASH, "secret".toCharArray()));
        clock.advance(Duration.ofSeconds(100));
        assertFalse(cache.matches(USER, HASH, "secret".toCharArray()));
    }

    @Test
    void forgottenUserNoLongerMatches() {
        cache.remember(USER, HASH, "secret".toCharArray());
        cache.forget(USER);
        assertFalse(cache.matches(USER, HASH, "secret".toCharArray()));
    }

    @Test
    void rememberingAnotherPasswordReplacesTheUsersEntry() {
        cache.remember(USER, HASH, "old".toCharArray());
        cache.remember(USER, HASH, "new".toCharArray());
        assertFalse(cache.matches(USER, HASH, "old".toCharArray()));
        assertTrue(cache.matches(USER, HASH, "new".toCharArray()));
    }

    @Test
    void leastRecentlyUsedUserIsDroppedBeyondTheBound() {
        cache.remember("a", HASH, "p".toCharArray());
        cache.remember("b", HASH, "p".toCharArray());
        cache.remember("c", HASH, "p".toCharArray());
        assertTrue(cache.matches("a", HASH, "p".toCharArray())); // a is now the most recently used
        cache.remember("d", HASH, "p".toCharArray());
        assertEquals(3, cache.size());
        assertFalse(cache.matches("b", HASH, "p".toCharArray()));
        assertTrue(cache.matches("a", HASH, "p".toCharArray()));
        assertTrue(cache.matches("c", HASH, "p".toCharArray()));
        assertTrue(cache.matches("d", HASH, "p".toCharArray()));
    }

    @Test
    void zeroTtlTurnsTheCacheOff() {
        VerifiedCredentialCache off = new VerifiedCredentialCache(Duration.ZERO, 10, clock);
        off.remember(USER, HASH, "secret".toCharArray());
        assertFalse(off.enabled());
        assertEquals(0, off.size());
        assertFalse(off.matches(USER, HASH, "secret".toCharArray()));
    }

    @Test
    void nullsAndEmptyPasswordsNeverMatchNorAreRemembered() {
        cache.remember(USER, HASH, new char[0]);
        cache.remember(USER, null, "secret".toCharArray());
        cache.remember(null, HASH, "secret".toCharArray());
        assertEquals(0, cache.size());
        cache.remember(USER, HASH, "secret".toCharArray());
        assertFalse(cache.matches(USER, HASH, new char[0]));
        assertFalse(cache.matches(USER, HASH, null));
        assertFalse(cache.matches(USER, null, "secret".toCharArray()));
        assertFalse(cache.matches(null, HASH, "secret".toCharArray()));
    }

    @Test
    void twoCachesDoNotShareTheirKey() {
        VerifiedCredentialCache other = new VerifiedCredentialCache(Duration.ofSeconds(300), 3, clock);
        cache.remember(USER, HASH, "secret".toCharArray());
        assertFalse(other.matches(USER, HASH, "secret".toCharArray()));
    }

    @Test
    void negativeTtlAndNonPositiveBoundAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new VerifiedCredentialCache(Duration.ofSeconds(-1), 3, clock));
        assertThrows(IllegalArgumentException.class,
                () -> new VerifiedCredentialCache(Duration.ofSeconds(1), 0, clock));
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-24T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
