package org.postroom.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class LookupCacheTest {

    private Instant now = Instant.parse("2026-12-07T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final AtomicInteger asked = new AtomicInteger();
    private boolean down;

    private String lookup(String key) throws DirectoryUnavailableException {
        asked.incrementAndGet();
        if (down) {
            throw new DirectoryUnavailableException("down", null);
        }
        return key + "#" + asked.get();
    }

    private final LookupCache<String, String> cache = new LookupCache<>(Duration.ofSeconds(60),
            Duration.ofHours(1), 2, clock);

    @Test
    void anAnswerIsReusedWithinTheTtlAndAskedAgainAfterIt() throws Exception {
        assertEquals("a#1", cache.get("a", this::lookup));
        now = now.plusSeconds(59);
        assertEquals("a#1", cache.get("a", this::lookup));
        now = now.plusSeconds(1);
        assertEquals("a#2", cache.get("a", this::lookup));
    }

    @Test
    void whileTheDirectoryIsDownAKnownAnswerIsUsedUpToTheStaleLimit() throws Exception {
        cache.get("a", this::lookup);
        down = true;
        now = now.plusSeconds(600);
        assertEquals("a#1", cache.get("a", this::lookup));
        now = now.plus(Duration.ofHours(1));
        assertThrows(DirectoryUnavailableException.class, () -> cache.get("a", this::lookup));
    }

    @Test
    void anOutageIsNeverRemembered() throws Exception {
        down = true;
        assertThrows(DirectoryUnavailableException.class, () -> cache.get("a", this::lookup));
        down = false;
        assertEquals("a#2", cache.get("a", this::lookup));
    }

    @Test
    void aZeroTtlAsksEveryTime() throws Exception {
        LookupCache<String, String> off = new LookupCache<>(Duration.ZERO, Duration.ofHours(1), 10, clock);
        off.get("a", this::lookup);
        off.get("a", this::lookup);
        assertEquals(2, asked.get());
    }

    @Test
    void theLeastRecentlyUsedKeyGoesFirst() throws Exception {
        cache.get("a", this::lookup);
        cache.get("b", this::lookup);
        cache.get("a", this::lookup);
        cache.get("c", this::lookup);
        assertEquals(2, cache.size());
        assertEquals("a#1", cache.get("a", this::lookup));
        assertEquals("b#4", cache.get("b", this::lookup));
    }
}
