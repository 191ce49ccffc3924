package org.postroom.mail;

import java.util.Collection;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.postroom.config.PostroomConfig;

/**
 * Works one delivery queue message, and with it, while a backlog waits, other accepted jobs: {@link DeliveryService}
 * delivers the message's job together with up to {@code postroom.delivery.batch} - 1 of the oldest
 * {@link PendingDeliveries} in one transaction, so a backlog costs one commit per batch instead of one per message.
 * Failures keep the one-job rules: if the batch fails, the message's job is delivered alone (the other jobs go back
 * to the pending ones; each still has its own queue message), and if that fails too, the attempt is recorded: the
 * error is rethrown for the first few attempts, so the broker redelivers the message within seconds, and after them
 * the message is consumed and the job follows the retry schedule, handed to the broker again by {@link QueueRunner}
 * when its next attempt is due (ADR 0042). Keeps {@link DeliveryBacklog} and
 * {@link HandedOffJobs} up to date with the jobs it settles.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class.getName());

    @EJB
    DeliveryService delivery;
    @Inject
    PendingDeliveries pending;
    @Inject
    DeliveryBacklog backlog;
    @Inject
    HandedOffJobs handedOff;
    @Inject
    PostroomConfig config;

    private int batch;

    /**
     * Delivers the job of one queue message (and others with it); throws when the job could not be delivered and
     * the broker should try again soon.
     */
    public void deliver(long jobId) {
        pending.claim(jobId);
        List<Long> others = pending.takeOldest(Math.max(0, batch() - 1));
        if (!others.isEmpty()) {
            try {
                settled(delivery.deliverTogether(jobId, others));
                return;
            } catch (RuntimeException e) {
                pending.giveBack(others);
                LOG.log(Level.FINE, "Delivering job " + jobId + " with " + others.size()
                        + " others failed; delivering it alone", e);
            }
        }
        try {
            if (delivery.deliver(jobId)) {
                settled(List.of(jobId));
            }
        } catch (RuntimeException e) {
            DeliveryService.Failure failure;
            try {
                failure = delivery.recordFailure(jobId, e);
            } catch (RuntimeException recordFailed) {
                LOG.log(Level.WARNING, "Cannot record the failed attempt of delivery job " + jobId, recordFailed);
                throw e; // the broker redelivers; the queue runner takes over if it never gets through
            }
            switch (failure) {
                case RETRY_SOON -> throw e;
                case BOUNCED -> settled(List.of(jobId));
                case SCHEDULED, NOT_QUEUED -> LOG.log(Level.FINE, "Delivery job " + jobId + " failed: " + failure, e);
            }
        }
    }

    /** The configured batch, read once per bean instance (reading the configuration showed in delivery profiles). */
    private int batch() {
        if (batch == 0) {
            batch = config.deliveryBatch();
        }
        return batch;
    }

    private void settled(Collection<Long> jobIds) {
        for (long id : jobIds) {
            backlog.settled();
            handedOff.settled(id);
        }
    }
}
