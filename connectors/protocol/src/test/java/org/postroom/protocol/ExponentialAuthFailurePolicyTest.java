package org.postroom.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ExponentialAuthFailurePolicyTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
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

    private final ManualClock clock = new ManualClock();
    private final ExponentialAuthFailurePolicy policy = new ExponentialAuthFailurePolicy(clock, Duration.ofMillis(500),
            Duration.ofSeconds(8), Duration.ofMinutes(15), 3);

    private static InetAddress ip(int last) throws Exception {
        return InetAddress.getByAddress(new byte[]{(byte) 192, 0, 2, (byte) last});
    }

    @Test
    void delayDoublesPerFailureUpToTheCap() throws Exception {
        long[] expected = {500, 1000, 2000, 4000, 8000, 8000};
        for (long millis : expected) {
            assertEquals(Duration.ofMillis(millis), policy.failed(ip(1)));
        }
    }

    @Test
    void clientsAreCountedSeparately() throws Exception {
        policy.failed(ip(1));
        policy.failed(ip(1));
        assertEquals(Duration.ofMillis(500), policy.failed(ip(2)));
    }

    @Test
    void successResetsTheClient() throws Exception {
        policy.failed(ip(1));
        policy.failed(ip(1));
        policy.succeeded(ip(1));
        assertEquals(Duration.ofMillis(500), policy.failed(ip(1)));
    }

    @Test
    void failuresAreForgottenAfterQuietPeriod() throws Exception {
        policy.failed(ip(1));
        policy.failed(ip(1));
        clock.advance(Duration.ofMinutes(14));
        assertEquals(Duration.ofMillis(2000), policy.failed(ip(1)));
        clock.advance(Duration.ofMinutes(15));
        assertEquals(Duration.ofMillis(500), policy.failed(ip(1)));
    }

    @Test
    void trackedClientsAreBounded() throws Exception {
        for (int i = 1; i <= 3; i++) {
            policy.failed(ip(i));
        }
        assertEquals(3, policy.trackedClients());
        clock.advance(Duration.ofMinutes(16));
        policy.failed(ip(4));
        assertEquals(1, policy.trackedClients());
        policy.failed(ip(5));
        policy.failed(ip(6));
        policy.failed(ip(7));
        assertEquals(1, policy.trackedClients());
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new ExponentialAuthFailurePolicy(clock, Duration.ofSeconds(2),
                        Duration.ofSeconds(1), Duration.ofMinutes(1), 10));
        assertEquals(Duration.ZERO, AuthFailurePolicy.NONE.failed(InetAddress.getLoopbackAddress()));
    }
}
