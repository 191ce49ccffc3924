package org.postroom.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

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
        if (registry == null || runner == null || registry.getTransactionKey() == null) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<Long> pending = (List<Long>) registry.getResource(PENDING);
        if (pending == null) {
            List<Long> jobs = new ArrayList<>();
            registry.putResource(PENDING, jobs);
            registry.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        try {
                            runner.sendNow(List.copyOf(jobs));
                        } catch (RuntimeException e) {
                            LOG.fine(() -> "Outbound jobs " + jobs + " left to the queue runner: " + e);
                        }
                    }
                }
            });
            pending = jobs;
        }
        if (!pending.contains(jobId)) {
            pending.add(jobId);
        }
    }
}
