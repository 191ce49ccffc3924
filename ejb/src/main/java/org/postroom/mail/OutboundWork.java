package org.postroom.mail;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The recipients of one job that the outbound sender claimed for an attempt, with what it needs to send them: no
 * entity, so it may leave the transaction that claimed it.
 *
 * @param jobId the job
 * @param queueId its queue id, for logs
 * @param sender the reverse path; empty for {@code <>}
 * @param ret MAIL's RET=, when given
 * @param envelopeId MAIL's ENVID=, when given
 * @param acceptedAt when the job was accepted
 * @param recipients the claimed recipients
 * @param content the message as it goes out
 */
public record OutboundWork(long jobId, String queueId, Optional<String> sender, Optional<String> ret,
        Optional<String> envelopeId, Instant acceptedAt, List<Recipient> recipients, byte[] content) {

    public OutboundWork {
        recipients = List.copyOf(recipients);
    }

    /** A claimed recipient with its RCPT DSN parameters (RFC 3461). */
    public record Recipient(String address, Optional<String> notifyConditions, Optional<String> originalRecipient) {

        /** The recipient's domain, lower case (what routing looks up). */
        public String domain() {
            return address.substring(address.lastIndexOf('@') + 1).toLowerCase(java.util.Locale.ROOT);
        }
    }
}
