package org.postroom.mail;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.postroom.messaging.AfterCommit;

/**
 * Starts the first outbound attempt of a job as soon as the transaction that queued its remote recipients committed,
 * instead of at the queue runner's next run (up to 5 s later): the latency from acceptance to the remote 250 is then
 * the work, not the timer. Only jobs with remote recipients pay for it; without a transaction (tests) or when the
 * hand-over fails, the runner takes the job at its next run, as always.
 */
@ApplicationScoped
public class OutboundKick {

    private static final Logger LOG = Logger.getLogger(OutboundKick.class.getName());
    private static final Object PENDING = new Object();

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry registry;
    @EJB
    QueueRunner runner;

    /** Notes that this job has outbound recipients due now; they are sent after the commit. */
    public void queued(long jobId) {
        if (runner == null) {
            return;
        }
        AfterCommit.add(registry, PENDING, jobId, LinkedHashSet::new, jobs -> {
            try {
                runner.sendNow(List.copyOf(jobs));
            } catch (RuntimeException e) {
                LOG.fine(() -> "Outbound jobs " + jobs + " left to the queue runner: " + e);
            }
        });
    }
}
