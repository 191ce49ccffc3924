package org.postroom.mail;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Jobs this server has handed to the broker whose hand-off is not yet written to the database (ADR 0010): the
 * dispatcher adds a job after the broker took its message, a delivery removes it when it takes the job out of QUEUED
 * (a settled job needs no mark: the sweeper looks only at QUEUED jobs), and the outbox sweeper writes the rest in
 * one statement before it looks for jobs never handed off. So the hand-off costs no transaction of its own per
 * message. Lost on a crash: the sweeper then sends those jobs again, which delivery ignores (it is idempotent).
 */
@ApplicationScoped
public class HandedOffJobs {

    private final Set<Long> unmarked = ConcurrentHashMap.newKeySet();

    /** The broker has the job's message. */
    public void handedOff(long jobId) {
        unmarked.add(jobId);
    }

    /** The job left QUEUED: the sweeper will not look at it, so its mark is not needed. */
    public void settled(long jobId) {
        unmarked.remove(jobId);
    }

    /** Whether the broker has the job's message, as far as this server knows and has not written yet. */
    public boolean contains(long jobId) {
        return unmarked.contains(jobId);
    }

    /** Takes out the jobs to mark now; {@link #restore} puts them back if writing the marks fails. */
    public List<Long> takeUnmarked() {
        List<Long> taken = new ArrayList<>();
        for (Long id : unmarked) {
            if (unmarked.remove(id)) {
                taken.add(id);
            }
        }
        return taken;
    }

    public void restore(Collection<Long> jobIds) {
        unmarked.addAll(jobIds);
    }
}
