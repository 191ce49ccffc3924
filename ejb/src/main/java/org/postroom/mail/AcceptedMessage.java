package org.postroom.mail;

import java.util.List;

import org.postroom.domain.EmailAddress;

/**
 * A message the server has taken responsibility for: it is stored durably with its delivery job, and the client may be
 * told 250.
 *
 * @param queueId the job's queue id, for the 250 reply and the logs
 * @param size the stored size in bytes
 * @param recipients the envelope recipients, in the order given
 */
public record AcceptedMessage(String queueId, long size, List<EmailAddress> recipients) {

    public AcceptedMessage {
        recipients = List.copyOf(recipients);
    }
}
