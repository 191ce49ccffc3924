package org.postroom.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ExponentialAuthFailurePolicyTest {

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-24T00:00:00Z");

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
    }

    private final MutableClock clock = new MutableClock();
    private final ExponentialAuthFailurePolicy policy = new ExponentialAuthFailurePolicy(Duration.ofMillis(500),
            Duration.ofSeconds(8), Duration.ofMinutes(15), 3, clock);

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    @Test
    void delayDoublesWithEachFailureUpToTheMaximum() throws Exception {
        InetAddress a = ip("192.0.2.1");
        assertEquals(Duration.ofMillis(500), policy.failed(a));
        assertEquals(Duration.ofSeconds(1), policy.failed(a));
        assertEquals(Duration.ofSeconds(2), policy.failed(a));
        assertEquals(Duration.ofSeconds(4), policy.failed(a));
        assertEquals(Duration.ofSeconds(8), policy.failed(a));
        assertEquals(Duration.ofSeconds(8), policy.failed(a));
    }

    @Test
    void addressesAreCountedSeparately() throws Exception {
        policy.failed(ip("192.0.2.1"));
        policy.failed(ip("192.0.2.1"));
        assertEquals(Duration.ofMillis(500), policy.failed(ip("192.0.2.2")));
    }

    @Test
    void successDoesNotResetTheCount() throws Exception {
        InetAddress a = ip("192.0.2.1");
        policy.failed(a);
        policy.succeeded(a);
        assertEquals(Duration.ofSeconds(1), policy.failed(a));
    }

    @Test
    void quietAddressIsForgotten() throws Exception {
        InetAddress a = ip("192.0.2.1");
        policy.failed(a);
        policy.failed(a);
        clock.now = clock.now.plus(Duration.ofMinutes(16));
        assertEquals(Duration.ofMillis(500), policy.failed(a));
    }

    @Test
    void tableFullOfFreshAddressesGivesNewcomersTheMaximumDelay() throws Exception {
        policy.failed(ip("192.0.2.1"));
        policy.failed(ip("192.0.2.2"));
        policy.failed(ip("192.0.2.3"));
        assertEquals(Duration.ofSeconds(8), policy.failed(ip("192.0.2.4")));
        assertEquals(3, policy.tracked());
    }

    @Test
    void staleEntriesMakeRoomForNewAddresses() throws Exception {
        policy.failed(ip("192.0.2.1"));
        policy.failed(ip("192.0.2.2"));
        policy.failed(ip("192.0.2.3"));
        clock.now = clock.now.plus(Duration.ofMinutes(20));
        assertEquals(Duration.ofMillis(500), policy.failed(ip("192.0.2.4")));
        assertEquals(1, policy.tracked());
    }
}
