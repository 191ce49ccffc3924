package org.postroom.store;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A bound on the bytes that accepted messages may hold in memory at once (between the end of DATA and the commit of
 * the outbox), so that many large messages arriving together cannot exhaust the heap: a message that does not get its
 * share within the wait is refused temporarily (the client retries), never half-stored. A message larger than the
 * whole budget asks for the whole budget, so it is accepted when it is alone.
 */
public final class MemoryBudget {

    private static MemoryBudget shared;

    private final Semaphore kibibytes;
    private final int total;

    /**
     * The server's one budget, shared by SMTP acceptance and IMAP APPEND (ADR 0070), made with {@code bytes} on first
     * use.
     */
    public static synchronized MemoryBudget shared(long bytes) {
        if (shared == null) {
            shared = new MemoryBudget(bytes);
        }
        return shared;
    }

    /** @param bytes the budget; at least 1 KiB */
    public MemoryBudget(long bytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("a memory budget needs at least 1 KiB, was " + bytes);
        }
        this.total = (int) Math.min(Integer.MAX_VALUE, bytes / 1024);
        this.kibibytes = new Semaphore(total, true);
    }

    /** A share of the budget, given back on close. */
    public final class Lease implements AutoCloseable {
        private final int permits;
        private boolean released;

        private Lease(int permits) {
            this.permits = permits;
        }

        @Override
        public synchronized void close() {
            if (!released) {
                released = true;
                kibibytes.release(permits);
            }
        }
    }

    /**
     * Reserves room for {@code bytes}, waiting at most {@code wait}.
     *
     * @return the lease, or empty when the room did not free up in time
     */
    public Optional<Lease> tryAcquire(long bytes, Duration wait) throws InterruptedException {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative, was " + bytes);
        }
        int permits = (int) Math.min(total, Math.max(1, (bytes + 1023) / 1024));
        return kibibytes.tryAcquire(permits, wait.toMillis(), TimeUnit.MILLISECONDS)
                ? Optional.of(new Lease(permits))
                : Optional.empty();
    }

    /** KiB free now (for tests and metrics). */
    public int availableKib() {
        return kibibytes.availablePermits();
    }
}
