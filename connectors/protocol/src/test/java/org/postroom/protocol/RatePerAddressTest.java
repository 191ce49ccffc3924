package org.postroom.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RatePerAddressTest {

    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);

    private static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anAddressMayBurstToTheLimitThenGoesAtItsPace() {
        RatePerAddress rate = new RatePerAddress(60, true, clock::get);
        InetAddress a = ip("192.0.2.1");
        for (int i = 0; i < 60; i++) {
            assertTrue(rate.tryAcquire(a), "event " + i);
        }
        assertFalse(rate.tryAcquire(a));
        assertTrue(rate.tryAcquire(ip("192.0.2.2")), "another address has its own bucket");
        clock.addAndGet(SECOND); // one event a second refills
        assertTrue(rate.tryAcquire(a));
        assertFalse(rate.tryAcquire(a));
        assertEquals(2, rate.refused());
    }

    @Test
    void loopbackIsExemptOnlyWhenConfigured() {
        InetAddress loopback = ip("127.0.0.1");
        RatePerAddress exempt = new RatePerAddress(1, true, clock::get);
        RatePerAddress counted = new RatePerAddress(1, false, clock::get);
        assertTrue(exempt.tryAcquire(loopback) && exempt.tryAcquire(loopback));
        assertTrue(counted.tryAcquire(loopback));
        assertFalse(counted.tryAcquire(loopback));
    }

    @Test
    void zeroMeansNoLimit() {
        RatePerAddress rate = new RatePerAddress(0, false, clock::get);
        for (int i = 0; i < 10_000; i++) {
            assertTrue(rate.tryAcquire(ip("192.0.2.1")));
        }
        assertEquals(0, rate.tracked());
    }

    @Test
    void addressesWhoseBucketRefilledAreForgotten() {
        RatePerAddress rate = new RatePerAddress(10, false, clock::get);
        for (int i = 0; i < 1000; i++) {
            rate.tryAcquire(ip("198.51.100." + (i % 250)));
        }
        assertEquals(250, rate.tracked());
        clock.addAndGet(61 * SECOND);
        rate.tryAcquire(ip("203.0.113.9"));
        assertEquals(1, rate.tracked(), "memory is bounded by the addresses of the last minute");
    }
}
