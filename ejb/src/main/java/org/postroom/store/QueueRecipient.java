package org.postroom.store;

import java.time.Instant;
import java.util.Optional;

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

    /** Where a recipient is (ADR 0042). */
    public enum State {
        /**
         * Accepted; local delivery (alias expansion, routing) has not handled it yet, or could not resolve it because
         * the corporate directory could not be asked ({@code detail} then says 451 4.4.3; ADR 0065).
         */
        PENDING,
        /** Appended to the local user's INBOX, or taken by the next hop (its 250 in {@code detail}). */
        DELIVERED,
        /** An alias: replaced by the recipients it expands to (rows with {@code via} set to it). */
        EXPANDED,
        /** A remote recipient waiting for its first outbound attempt (due at {@code nextAttempt}). */
        QUEUED,
        /** A remote recipient whose last attempt failed for now; tried again at {@code nextAttempt}. */
        DEFERRED,
        /** Failed for good (a 5xx, a local refusal, or the queue lifetime passed); the sender was told. */
        BOUNCED,
        /** Kept back by an administrator until released; never tried meanwhile. */
        HELD,
        /** Removed by an administrator without a report. */
        DROPPED;

        /** Whether nothing more will happen to a recipient in this state. */
        public boolean settled() {
            return this == DELIVERED || this == EXPANDED || this == BOUNCED || this == DROPPED;
        }

        /** Whether the outbound sender works on a recipient in this state (when it is due). */
        public boolean outbound() {
            return this == QUEUED || this == DEFERRED;
        }
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

    /** Why it is in its state: the last reply (remote or composed here), or a note ("expanded to 2 recipient(s)"). */
    @Column(name = "DETAIL", length = 1024)
    private String detail;

    /** Outbound attempts made for this recipient. */
    @Column(name = "ATTEMPTS", nullable = false)
    private int attempts;

    /** When the outbound sender takes it next (QUEUED, DEFERRED); also its claim while an attempt runs. */
    @Column(name = "NEXT_ATTEMPT")
    private Instant nextAttempt;

    /** The host that gave the last reply, {@code name[address]:port}. */
    @Column(name = "REMOTE_HOST", length = 300)
    private String remoteHost;

    /** RCPT's {@code NOTIFY=} as received (RFC 3461), upper case; null when the client gave none. */
    @Column(name = "NOTIFY", length = 64)
    private String notify;

    /** RCPT's {@code ORCPT=} as received ({@code rfc822;addr}, xtext decoded); null when none. */
    @Column(name = "ORCPT", length = 600)
    private String originalRecipient;

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

    public int getAttempts() {
        return attempts;
    }

    public Instant getNextAttempt() {
        return nextAttempt;
    }

    public void setNextAttempt(Instant nextAttempt) {
        this.nextAttempt = nextAttempt;
    }

    public String getRemoteHost() {
        return remoteHost;
    }

    /**
     * Records an outbound attempt: its outcome state, the reply, the host that gave it (or null) and the next attempt
     * (or null when settled).
     */
    public void recordAttempt(State outcome, String reply, String host, Instant next) {
        attempts++;
        setState(outcome, reply);
        remoteHost = host == null ? null : QueueJob.truncate(host, 300);
        nextAttempt = next;
    }

    /** RCPT's NOTIFY= as received (e.g. {@code SUCCESS,FAILURE}), if there was one. */
    public Optional<String> getNotify() {
        return Optional.ofNullable(notify);
    }

    /** RCPT's ORCPT= as received, if there was one. */
    public Optional<String> getOriginalRecipient() {
        return Optional.ofNullable(originalRecipient);
    }

    /** The DSN parameters RCPT gave (RFC 3461); expanded recipients inherit their alias's. */
    public void setDsnParameters(String notify, String originalRecipient) {
        this.notify = notify;
        this.originalRecipient = originalRecipient == null ? null : QueueJob.truncate(originalRecipient, 600);
    }
}
