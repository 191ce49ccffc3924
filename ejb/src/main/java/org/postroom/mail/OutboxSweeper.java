package org.postroom.mail;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * Closes the one gap of the outbox: a job committed but never sent to the broker (the server stopped, or the broker
 * was unreachable, between the commit and the send). Every 15 s it first writes the hand-offs noted in
 * {@link HandedOffJobs} (one statement for all jobs handed off since the last sweep and still queued), then sends
 * queued jobs older than {@link #GRACE} that were never handed off; it also corrects the in-memory
 * {@link DeliveryBacklog} from the database. Non-persistent timer: it restarts with the server, which is all it needs, since its work
 * list is the database.
 */
@Singleton
@DependsOn("SchemaBootstrap")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class OutboxSweeper {

    /** How long a new job is left to its accepting call before the sweeper sends it. */
    static final Duration GRACE = Duration.ofSeconds(10);
    static final int BATCH = 500;
    private static final Logger LOG = Logger.getLogger(OutboxSweeper.class.getName());

    private final AtomicBoolean running = new AtomicBoolean();

    @EJB
    Outbox outbox;
    @EJB
    DeliveryDispatcher dispatcher;
    @Inject
    DeliveryBacklog backlog;
    @Inject
    HandedOffJobs handedOff;

    @Schedule(second = "*/15", minute = "*", hour = "*", persistent = false, info = "postroom outbox sweep")
    public void sweep() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            backlog.resync(outbox::queuedCount);
            markHandedOff();
            List<Long> ids = outbox.notHandedOff(Instant.now().minus(GRACE), BATCH).stream()
                    .filter(id -> !handedOff.contains(id)) // handed off after the marks were written
                    .toList();
            int sent = 0;
            for (long id : ids) {
                if (!dispatcher.handOff(id)) {
                    break; // the broker is unreachable: the next sweep tries again
                }
                sent++;
            }
            if (!ids.isEmpty()) {
                LOG.info("Outbox sweep: handed " + sent + " of " + ids.size()
                        + " waiting delivery job(s) to the broker");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Outbox sweep failed; retrying in 15 s: " + e, e);
        } finally {
            running.set(false);
        }
    }

    /** Writes the hand-offs this server has noted at shutdown, so a restart does not send those jobs again. */
    @PreDestroy
    void markBeforeShutdown() {
        try {
            markHandedOff();
        } catch (RuntimeException e) {
            LOG.log(Level.INFO, "Hand-offs not written at shutdown; the next sweep sends those jobs again: " + e);
        }
    }

    private void markHandedOff() {
        List<Long> ids = handedOff.takeUnmarked();
        try {
            for (int from = 0; from < ids.size(); from += BATCH) {
                outbox.markHandedOff(ids.subList(from, Math.min(ids.size(), from + BATCH)));
            }
        } catch (RuntimeException e) {
            handedOff.restore(ids);
            throw e;
        }
    }
}
