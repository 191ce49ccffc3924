package org.postroom.protocol;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delays answers to failed authentications exponentially per client IP: the first failure waits {@code initial},
 * each further one twice as long, up to {@code max}. A client that has not failed for {@code forgetAfter} starts
 * again from {@code initial}; so does one that authenticates successfully.
 *
 * <p>
 * Memory is bounded: at most {@code maxTracked} addresses are remembered; when full, forgotten ones are swept out,
 * and if that is not enough the table is cleared (an attacker spraying addresses loses its accumulated delays, no
 * worse than not tracking).
 */
public final class ExponentialAuthFailurePolicy implements AuthFailurePolicy {

    /** The defaults: 0.5 s doubling, at most 8 s, forgotten after 15 minutes without failures. */
    public static ExponentialAuthFailurePolicy withDefaults() {
        return new ExponentialAuthFailurePolicy(Clock.systemUTC(), Duration.ofMillis(500), Duration.ofSeconds(8),
                Duration.ofMinutes(15), 100_000);
    }

    private record Failures(int count, Instant last) {
    }

    private final Clock clock;
    private final Duration initial;
    private final Duration max;
    private final Duration forgetAfter;
    private final int maxTracked;
    private final Map<InetAddress, Failures> failures = new ConcurrentHashMap<>();

    public ExponentialAuthFailurePolicy(Clock clock, Duration initial, Duration max, Duration forgetAfter,
            int maxTracked) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.initial = Objects.requireNonNull(initial, "initial");
        this.max = Objects.requireNonNull(max, "max");
        this.forgetAfter = Objects.requireNonNull(forgetAfter, "forgetAfter");
        if (initial.isNegative() || max.compareTo(initial) < 0 || maxTracked < 1) {
            throw new IllegalArgumentException("need 0 <= initial <= max and maxTracked >= 1");
        }
        this.maxTracked = maxTracked;
    }

    @Override
    public Duration failed(InetAddress client) {
        Instant now = clock.instant();
        if (failures.size() >= maxTracked && !failures.containsKey(client)) {
            failures.values().removeIf(f -> isForgotten(f, now));
            if (failures.size() >= maxTracked) {
                failures.clear();
            }
        }
        Failures updated = failures.compute(client, (address, previous) -> previous == null
                || isForgotten(previous, now) ? new Failures(1, now) : new Failures(previous.count() + 1, now));
        return delayFor(updated.count());
    }

    @Override
    public void succeeded(InetAddress client) {
        failures.remove(client);
    }

    /** How many addresses are remembered (for metrics and tests). */
    public int trackedClients() {
        return failures.size();
    }

    private boolean isForgotten(Failures f, Instant now) {
        return !f.last().plus(forgetAfter).isAfter(now);
    }

    private Duration delayFor(int count) {
        Duration delay = initial;
        for (int i = 1; i < count && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
