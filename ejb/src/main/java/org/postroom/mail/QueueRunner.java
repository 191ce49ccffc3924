package org.postroom.mail;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.Asynchronous;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.postroom.config.PostroomConfig;

/**
 * Runs the queue's schedule from the job rows (ADR 0042), every 5 s: hands jobs whose local delivery is due again to
 * the broker, gives outbound recipients that are due to {@link OutboundSender}, sends the delay warnings that are
 * due, and once a minute removes jobs settled longer ago than the retention. Every step claims its work in the
 * database first, so several servers on one database, or a restart, neither lose nor double it (a claim is a lease:
 * work whose claimant died is taken again when the lease passes). A non-persistent timer: its work list is the
 * database.
 */
@Singleton
@DependsOn("SchemaBootstrap")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class QueueRunner {

    static final int BATCH = 200;
    private static final Logger LOG = Logger.getLogger(QueueRunner.class.getName());

    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Instant lastRetentionRun = Instant.EPOCH;

    @EJB
    QueueLife life;
    @EJB
    DeliveryDispatcher dispatcher;
    @EJB
    OutboundSender sender;
    @Inject
    PostroomConfig config;

    @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false, info = "postroom queue runner")
    public void run() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            runOnce(Instant.now());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Queue run failed; the next one goes on in 5 s: " + e, e);
        } finally {
            running.set(false);
        }
    }

    /**
     * Claims and sends the due outbound recipients of these jobs now, on the container's pool ({@link OutboundKick}
     * calls it after the commit that queued them).
     */
    @Asynchronous
    public void sendNow(List<Long> jobIds) {
        Instant now = Instant.now();
        for (long id : jobIds) {
            try {
                life.claimOutbound(id, now).ifPresent(sender::send);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Outbound job " + id + " left to the next queue run", e);
            }
        }
    }

    void runOnce(Instant now) {
        for (long id : life.dueForLocalDelivery(now, BATCH)) {
            if (life.claimLocalDelivery(id, now) && !dispatcher.handOff(id)) {
                break; // the broker is unreachable: the lease brings the job back
            }
        }
        for (long id : life.dueForOutbound(now, BATCH)) {
            Optional<OutboundWork> work = life.claimOutbound(id, now);
            work.ifPresent(sender::sendLater);
        }
        List<Long> warnings = life.dueForDelayWarning(now, BATCH);
        for (long id : warnings) {
            life.warnDelayed(id, now);
        }
        if (now.isAfter(lastRetentionRun.plusSeconds(60))) {
            lastRetentionRun = now;
            int removed = life.removeSettled(now.minus(config.queueRetention()), BATCH);
            if (removed > 0) {
                LOG.fine(() -> "Queue retention removed " + removed + " settled job(s)");
            }
        }
    }
}
