package org.postroom.mail;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;

import org.postroom.messaging.EmbeddedBroker;

/**
 * Hands committed delivery jobs to the broker: a persistent text message holding only the job id (no Java
 * serialization) on the Artemis queue {@value EmbeddedBroker#DELIVERY_QUEUE}, which {@link DeliveryMdb} consumes.
 * Runs outside any transaction, after the job's own transaction committed (the outbox pattern: the database and the
 * broker are never in one transaction).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DeliveryDispatcher {

    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class.getName());

    @Resource(lookup = "jms/postroom")
    ConnectionFactory connectionFactory;
    @Inject
    HandedOffJobs handedOff;

    /**
     * {@link #handOff} on the container's asynchronous pool, so the client's 250 does not wait for the broker's
     * journal (the job is committed already; if this never runs, the outbox sweeper sends it).
     */
    @Asynchronous
    public void handOffLater(long jobId) {
        handOff(jobId);
    }

    /**
     * Sends the job's id to the delivery queue, then notes the hand-off in {@link HandedOffJobs} (the outbox sweeper
     * writes it to the database in batches, for jobs still queued then). A failure is logged, not thrown: the job is
     * committed, and the outbox sweeper sends it later. A crash between the send and the sweeper's write makes the
     * sweeper send it twice, which delivery ignores (idempotent).
     *
     * @return whether the broker took the message
     */
    public boolean handOff(long jobId) {
        try (JMSContext context = connectionFactory.createContext()) {
            context.createProducer()
                    .setDeliveryMode(DeliveryMode.PERSISTENT)
                    .send(context.createQueue(EmbeddedBroker.DELIVERY_QUEUE), Long.toString(jobId));
        } catch (JMSRuntimeException | IllegalStateException e) {
            LOG.log(Level.WARNING, "Delivery job " + jobId + " not handed to the broker now (the outbox sweeper will"
                    + " retry): " + e, e);
            return false;
        }
        handedOff.handedOff(jobId);
        return true;
    }
}
