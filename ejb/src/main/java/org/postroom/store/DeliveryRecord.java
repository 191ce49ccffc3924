package org.postroom.store;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/**
 * The idempotency record of one local delivery: job and final recipient, written in the same transaction as the
 * append to the recipient's INBOX. Its unique constraint makes a second append of the same job to the same recipient
 * (a redelivered or duplicated queue message) fail instead of storing the message twice.
 */
@Entity
@Table(name = "PR_DELIVERY_RECORD", uniqueConstraints = @UniqueConstraint(columnNames = {"JOB_ID", "RECIPIENT"}))
public class DeliveryRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = Ids.GENERATOR)
    private Long id;

    @Column(name = "JOB_ID", nullable = false)
    private long jobId;

    @Column(name = "RECIPIENT", nullable = false, length = 254)
    private String recipient;

    /** The {@link MailMessage} the append created (not a foreign key: the user may delete the message). */
    @Column(name = "MESSAGE_ID", nullable = false)
    private long messageId;

    @Column(name = "DELIVERED_AT", nullable = false)
    private Instant deliveredAt;

    protected DeliveryRecord() {
    }

    public DeliveryRecord(long jobId, String recipient, long messageId, Instant deliveredAt) {
        this.jobId = jobId;
        this.recipient = recipient;
        this.messageId = messageId;
        this.deliveredAt = deliveredAt;
    }

    public Long getId() {
        return id;
    }

    public long getJobId() {
        return jobId;
    }

    public String getRecipient() {
        return recipient;
    }

    public long getMessageId() {
        return messageId;
    }

    public Instant getDeliveredAt() {
        return deliveredAt;
    }
}
