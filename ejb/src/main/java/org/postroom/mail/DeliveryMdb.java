package org.postroom.mail;

import java.util.logging.Logger;

import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;

/**
 * Consumes the delivery queue: one text message per job id. Thin: parses the id and calls {@link DeliveryWorker}, which
 * throws when the job should be tried again soon (its first few failures, or when the failure could not even be
 * recorded); the MDB rethrows, so the broker redelivers (with back-off) and, after
 * {@value org.postroom.messaging.EmbeddedBroker#MAX_DELIVERY_ATTEMPTS} attempts, moves the message to the DLQ. Later
 * failures follow the queue's retry schedule (ADR 0042).
 *
 * <p>The destination is configured in server.xml ({@code jmsActivationSpec id="postroom/postroom-ejb/DeliveryMdb"}),
 * not here: annotation values would override the server configuration.
 */
@MessageDriven(name = "DeliveryMdb")
public class DeliveryMdb implements MessageListener {

    private static final Logger LOG = Logger.getLogger(DeliveryMdb.class.getName());

    @EJB
    DeliveryWorker worker;

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
        worker.deliver(jobId);
    }
}
