package org.postroom.mail;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Jobs this server accepted whose queue message no delivery has taken yet, oldest first: the work a delivery can do
 * in the same transaction as its own job ({@link DeliveryWorker}). Each job is taken at most once (by its own
 * message's delivery, {@link #claim}, or by another delivery, {@link #takeOldest}), so two deliveries of this server
 * never pick the same job; correctness does not rest on it (a job's row lock and its delivery records do that), only
 * the absence of lock waits. Lost on a restart, harmlessly: each job still has its queue message.
 */
@ApplicationScoped
public class PendingDeliveries {

    private final NavigableSet<Long> pending = new ConcurrentSkipListSet<>();

    /**
     * Largest message a delivery takes along with its own (issue 14: a batch of 16 messages of the size limit was
     * 800 MB in the heap, outside the memory budget). Larger jobs are delivered alone, by their own queue message, so
     * a batch holds at most its own message and {@code postroom.delivery.batch - 1} times this.
     */
    static final long MAX_BATCHED_BYTES = 256 * 1024;

    /** A job was committed (after {@code Outbox.enqueue}). */
    public void add(long jobId) {
        pending.add(jobId);
    }

    /** A job of {@code sizeBytes} was committed: it waits for a batch only when it is small. */
    public void add(long jobId, long sizeBytes) {
        if (sizeBytes <= MAX_BATCHED_BYTES) {
            pending.add(jobId);
        }
    }

    /** The job's own message is being delivered: no other delivery takes it from here. */
    public void claim(long jobId) {
        pending.remove(jobId);
    }

    /** Takes up to {@code max} of the oldest jobs nobody has taken. */
    public List<Long> takeOldest(int max) {
        List<Long> taken = new ArrayList<>();
        while (taken.size() < max) {
            Long id = pending.pollFirst();
            if (id == null) {
                break;
            }
            taken.add(id);
        }
        return taken;
    }

    /** Returns jobs taken by a delivery that did not deliver them (its transaction rolled back). */
    public void giveBack(Collection<Long> jobIds) {
        pending.addAll(jobIds);
    }

    public int size() {
        return pending.size();
    }
}
