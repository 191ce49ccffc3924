package org.postroom.protocol;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default {@link AuthFailurePolicy}: the first failure from an address is answered after {@code initial}, each
 * further one after twice the previous delay, up to {@code max}. An address with no failure for {@code forgetAfter}
 * starts again from {@code initial}. Memory is bounded: past {@code maxTracked} addresses the stale entries are
 * dropped, and if all are fresh every new address gets the maximum delay (a distributed attack pays full price).
 */
public final class ExponentialAuthFailurePolicy implements AuthFailurePolicy {

    /** 0.5 s doubling to 8 s, forgotten after 15 minutes, 100,000 addresses tracked. */
    public static ExponentialAuthFailurePolicy defaults() {
        return new ExponentialAuthFailurePolicy(Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofMinutes(15),
                100_000, Clock.systemUTC());
    }

    private record Entry(int failures, Instant last) {
    }

    private final Duration initial;
    private final Duration max;
    private final Duration forgetAfter;
    private final int maxTracked;
    private final Clock clock;
    private final Map<InetAddress, Entry> entries = new ConcurrentHashMap<>();

    public ExponentialAuthFailurePolicy(Duration initial, Duration max, Duration forgetAfter, int maxTracked,
            Clock clock) {
        this.initial = Objects.requireNonNull(initial, "initial");
        this.max = Objects.requireNonNull(max, "max");
        this.forgetAfter = Objects.requireNonNull(forgetAfter, "forgetAfter");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (initial.isNegative() || max.compareTo(initial) < 0 || maxTracked < 1) {
            throw new IllegalArgumentException("need 0 <= initial <= max and maxTracked >= 1");
        }
        this.maxTracked = maxTracked;
    }

    @Override
    public Duration failed(InetAddress client) {
        Instant now = clock.instant();
        if (!entries.containsKey(client) && entries.size() >= maxTracked) {
            evictStale(now);
            if (entries.size() >= maxTracked) {
                return max;
            }
        }
        Entry entry = entries.compute(client, (address, old) -> old == null || isStale(old, now)
                ? new Entry(1, now)
                : new Entry(Math.min(old.failures() + 1, 63), now));
        return delayFor(entry.failures());
    }

    @Override
    public void succeeded(InetAddress client) {
        // deliberately nothing: see the interface
    }

    /** The delay the n-th consecutive failure gets (n >= 1). */
    Duration delayFor(int failures) {
        Duration delay = initial;
        for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }

    int tracked() {
        return entries.size();
    }

    private boolean isStale(Entry entry, Instant now) {
        return entry.last().plus(forgetAfter).isBefore(now);
    }

    private void evictStale(Instant now) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext();) {
            if (isStale(it.next(), now)) {
                it.remove();
            }
        }
    }
}
