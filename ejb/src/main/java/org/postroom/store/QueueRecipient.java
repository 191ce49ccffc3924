package org.postroom.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/**
 * One recipient of a {@link QueueJob}: an envelope recipient (RCPT TO), or a final recipient an alias expanded to
 * ({@code via} names the envelope recipient it came from). Each address appears once per job.
 */
@Entity
@Table(name = "PR_QUEUE_RCPT", uniqueConstraints = @UniqueConstraint(columnNames = {"JOB_ID", "ADDRESS"}))
public class QueueRecipient {

    /** Where a recipient is. */
    public enum State {
        /** Not handled yet. */
        PENDING,
        /** Appended to the local user's INBOX. */
        DELIVERED,
        /** An alias: replaced by the recipients it expands to (rows with {@code via} set to it). */
        EXPANDED,
        /** A remote recipient waiting for outbound delivery. */
        QUEUED,
        /** Refused at delivery; {@code detail} says why. */
        FAILED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = Ids.GENERATOR)
    private Long id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "JOB_ID", nullable = false)
    private QueueJob job;

    @Column(name = "ADDRESS", nullable = false, length = 254)
    private String address;

    @Column(name = "VIA", length = 254)
    private String via;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATE", nullable = false, length = 16)
    private State state;

    @Column(name = "DETAIL", length = 1024)
    private String detail;

    protected QueueRecipient() {
    }

    QueueRecipient(QueueJob job, String address, String via) {
        this.job = job;
        this.address = address;
        this.via = via;
        this.state = State.PENDING;
    }

    public Long getId() {
        return id;
    }

    public String getAddress() {
        return address;
    }

    /** The envelope recipient (an alias) this one was expanded from, or null for an envelope recipient. */
    public String getVia() {
        return via;
    }

    public State getState() {
        return state;
    }

    public String getDetail() {
        return detail;
    }

    public void setState(State state, String detail) {
        this.state = state;
        this.detail = detail == null ? null : QueueJob.truncate(detail, 1024);
    }
}
