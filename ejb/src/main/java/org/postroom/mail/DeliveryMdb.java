package org.postroom.mail;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;

/**
 * Consumes the delivery queue: one text message per job id. Thin: parses the id, calls {@link DeliveryService} (and
 * counts a job it settled off the {@link DeliveryBacklog}), and on failure records the attempt and rethrows, so the broker redelivers (with back-off) and, after
 * {@value org.postroom.messaging.EmbeddedBroker#MAX_DELIVERY_ATTEMPTS} attempts, moves the message to the DLQ.
 *
 * <p>The destination is configured in server.xml ({@code jmsActivationSpec id="postroom/postroom-ejb/DeliveryMdb"}),
 * not here: annotation values would override the server configuration.
 */
@MessageDriven(name = "DeliveryMdb")
public class DeliveryMdb implements MessageListener {

    private static final Logger LOG = Logger.getLogger(DeliveryMdb.class.getName());

    @EJB
    DeliveryService delivery;
    @Inject
    DeliveryBacklog backlog;

    @Override
    public void onMessage(Message message) {
        long jobId;
        try {
            jobId = Long.parseLong(((TextMessage) message).getText().trim());
        } catch (ClassCastException | NumberFormatException | NullPointerException | JMSException e) {
            // A message that can never be delivered: consume it rather than redeliver it ten times.
            LOG.warning("Ignoring a malformed message on the delivery queue: " + e);
            return;
        }
        try {
            if (delivery.deliver(jobId)) {
                backlog.settled();
            }
        } catch (RuntimeException e) {
            try {
                if (delivery.recordFailure(jobId, e)) {
                    backlog.settled();
                }
            } catch (RuntimeException recordFailed) {
                LOG.log(Level.WARNING, "Cannot record the failed attempt of delivery job " + jobId, recordFailed);
            }
            throw e;
        }
    }
}
