package org.postroom.mail;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The delivery backlog as this server sees it: jobs accepted but not yet delivered, for {@link InflowControl}. Kept
 * in memory, so acceptance pays nothing to read it: {@link #accepted()} after each committed job,
 * {@link #settled()} after each job a delivery took out of QUEUED (delivered, failed or dead). The count of QUEUED jobs
 * in the database corrects it periodically ({@link #resync}, from the outbox sweeper): after a restart, and for jobs
 * settled elsewhere (another server on the same database, an administrator).
 */
@ApplicationScoped
public class DeliveryBacklog {

    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong settled = new AtomicLong();
    /** The database's count at the last resync, minus what the counters held then. */
    private volatile long base;

    public void accepted() {
        accepted.incrementAndGet();
    }

    public void settled() {
        settled.incrementAndGet();
    }

    /** Jobs waiting for delivery, never negative. */
    public long size() {
        return Math.max(0, base + accepted.get() - settled.get());
    }

    /**
     * Sets the backlog to the database's count of QUEUED jobs plus what changed here after the count. Jobs that
     * committed while the count ran may be counted twice until the next resync: an overestimate of a few jobs.
     */
    public void resync(LongSupplier queuedInDatabase) {
        long acceptedBefore = accepted.get();
        long settledBefore = settled.get();
        long queued = queuedInDatabase.getAsLong();
        base = queued - acceptedBefore + settledBefore;
    }
}
