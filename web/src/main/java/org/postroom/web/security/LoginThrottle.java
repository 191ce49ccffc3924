package org.postroom.web.security;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed admin API logins, per client address: after the n-th consecutive failure the address may not try again for
 * {@code initial} &times; 2<sup>n-1</sup>, at most {@code max} (0.5 s doubling to 8 s by default, as the mail
 * listeners delay failed logins). An attempt inside that window is refused without looking at the password, so a
 * guesser gets at most a few tries a second per address, and no thread sleeps. An address with no failure for
 * {@code forgetAfter} starts afresh; a success does not reset the count (a valid account does not buy tries).
 * Memory is bounded: past {@code maxTracked} addresses stale entries go, and if all are fresh a new address gets the
 * longest window at its first failure. Thread-safe.
 */
public final class LoginThrottle {

    private record Entry(int failures, Instant last, Instant blockedUntil) {
    }

    private final Duration initial;
    private final Duration max;
    private final Duration forgetAfter;
    private final int maxTracked;
    private final Clock clock;
    private final Map<InetAddress, Entry> entries = new ConcurrentHashMap<>();

    public LoginThrottle(Duration initial, Duration max, Duration forgetAfter, int maxTracked, Clock clock) {
        this.initial = Objects.requireNonNull(initial, "initial");
        this.max = Objects.requireNonNull(max, "max");
        this.forgetAfter = Objects.requireNonNull(forgetAfter, "forgetAfter");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (initial.isNegative() || max.compareTo(initial) < 0 || maxTracked < 1) {
            throw new IllegalArgumentException("need 0 <= initial <= max and maxTracked >= 1");
        }
        this.maxTracked = maxTracked;
    }

    /** 0.5 s doubling to 8 s, forgotten after 15 minutes, 100,000 addresses. */
    public static LoginThrottle defaults() {
        return new LoginThrottle(Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofMinutes(15), 100_000,
                Clock.systemUTC());
    }

    /** How long {@code client} must still wait before its next attempt counts; empty when it may try now. */
    public Optional<Duration> wait(InetAddress client) {
        Entry entry = entries.get(client);
        if (entry == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), entry.blockedUntil());
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    /** A failed login from {@code client}: its next attempt must wait. */
    public void failed(InetAddress client) {
        Instant now = clock.instant();
        if (!entries.containsKey(client) && entries.size() >= maxTracked) {
            entries.values().removeIf(e -> isStale(e, now));
            if (entries.size() >= maxTracked) {
                evictOldest();
                entries.put(client, new Entry(63, now, now.plus(max)));
                return;
            }
        }
        entries.compute(client, (address, old) -> {
            int failures = old == null || isStale(old, now) ? 1 : Math.min(old.failures() + 1, 63);
            return new Entry(failures, now, now.plus(delayFor(failures)));
        });
    }

    /** The window after the n-th consecutive failure (n >= 1). */
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

    private void evictOldest() {
        Iterator<Map.Entry<InetAddress, Entry>> it = entries.entrySet().iterator();
        if (it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
