package org.postroom.protocol;

import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Events per client address and minute, against a limit (like Postfix's anvil with
 * {@code smtpd_client_connection_rate_limit} and {@code smtpd_client_message_rate_limit}): a token bucket per address
 * that holds {@code perMinute} events and refills at that rate, so a client may burst up to the limit and then goes
 * at the limit's pace. Loopback is counted or exempt as configured. Thread-safe; memory is one small entry per address
 * seen within the last minute (entries whose bucket refilled are dropped, at most once a second).
 */
public final class RatePerAddress {

    /** No limit. */
    public static final RatePerAddress UNLIMITED = new RatePerAddress(0, true);

    private static final long MINUTE_NANOS = 60_000_000_000L;

    private record Bucket(double tokens, long at) {
    }

    private final int perMinute;
    private final boolean exemptLoopback;
    private final LongSupplier nanoTime;
    private final Map<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastPrune = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /** @param perMinute events allowed per address and minute; 0 for no limit */
    public RatePerAddress(int perMinute, boolean exemptLoopback) {
        this(perMinute, exemptLoopback, System::nanoTime);
    }

    /** With a clock of its own (tests). */
    public RatePerAddress(int perMinute, boolean exemptLoopback, LongSupplier nanoTime) {
        if (perMinute < 0) {
            throw new IllegalArgumentException("perMinute must not be negative: " + perMinute);
        }
        this.perMinute = perMinute;
        this.exemptLoopback = exemptLoopback;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    public int perMinute() {
        return perMinute;
    }

    public boolean exemptLoopback() {
        return exemptLoopback;
    }

    /**
     * Counts one event from {@code address} if the address is under its rate.
     *
     * @return false when it is over (nothing counted; the refusal is)
     */
    public boolean tryAcquire(InetAddress address) {
        if (perMinute == 0 || address == null || (exemptLoopback && address.isLoopbackAddress())) {
            return true;
        }
        long now = nanoTime.getAsLong();
        boolean[] admitted = {false};
        buckets.compute(address, (a, b) -> {
            double tokens = b == null ? perMinute : refilled(b, now);
            if (tokens >= 1) {
                admitted[0] = true;
                tokens -= 1;
            }
            return new Bucket(tokens, now);
        });
        prune(now);
        if (!admitted[0]) {
            refused.incrementAndGet();
        }
        return admitted[0];
    }

    /** Events refused so far. */
    public long refused() {
        return refused.get();
    }

    /** Addresses with an entry (tests, metrics). */
    public int tracked() {
        return buckets.size();
    }

    private double refilled(Bucket b, long now) {
        double elapsed = Math.max(0, now - b.at());
        return Math.min(perMinute, b.tokens() + elapsed * perMinute / MINUTE_NANOS);
    }

    private void prune(long now) {
        long last = lastPrune.get();
        if (now - last < 1_000_000_000L || !lastPrune.compareAndSet(last, now)) {
            return;
        }
        buckets.entrySet().removeIf(e -> refilled(e.getValue(), now) >= perMinute);
    }
}
