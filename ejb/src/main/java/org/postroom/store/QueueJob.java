package org.postroom.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.CascadeType;
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
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * An accepted message waiting for (or done with) delivery: the outbox row written in the same transaction as its
 * content. Its id travels on the Artemis delivery queue; {@code handedOffAt} records that the broker has it, so a job
 * still without it after a while is sent again by the outbox sweeper.
 */
@Entity
@Table(name = "PR_QUEUE_JOB")
public class QueueJob {

    /**
     * Where a job is: derived from its recipients ({@link #deriveState()}), never set apart from them (ADR 0042). The
     * first three are waiting, the others settled.
     */
    public enum State {
        /** Accepted; local delivery has not handled every recipient yet (one is PENDING). */
        QUEUED,
        /** Local delivery done; a remote recipient waits for outbound delivery (QUEUED or DEFERRED). */
        WAITING,
        /** Nothing waits but recipients an administrator holds. */
        HELD,
        /** Settled: every final recipient was delivered. */
        DELIVERED,
        /** Settled: some recipients delivered, others bounced or dropped. */
        PARTIAL,
        /** Settled: nothing delivered, at least one recipient bounced. */
        BOUNCED,
        /** Settled: every recipient dropped by an administrator. */
        DROPPED;

        public boolean settled() {
            return this != QUEUED && this != WAITING && this != HELD;
        }
    }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = Ids.GENERATOR)
    private Long id;

    @Column(name = "QUEUE_ID", nullable = false, unique = true, length = 32)
    private String queueId;

    /** The reverse-path; null for the null reverse-path {@code <>}. */
    @Column(name = "SENDER", length = 254)
    private String sender;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "CONTENT_ID", nullable = false)
    private MessageContent content;

    @Column(name = "SIZE_BYTES", nullable = false)
    private long size;

    @Column(name = "CLIENT_ADDRESS", length = 64)
    private String clientAddress;

    @Column(name = "AUTH_USER", length = 254)
    private String authenticatedUser;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATE", nullable = false, length = 16)
    private State state;

    @Column(name = "ATTEMPTS", nullable = false)
    private int attempts;

    @Column(name = "NEXT_ATTEMPT")
    private Instant nextAttempt;

    @Column(name = "LAST_ERROR", length = 1024)
    private String lastError;

    @Column(name = "HANDED_OFF_AT")
    private Instant handedOffAt;

    /** MAIL's {@code RET=} (FULL or HDRS, RFC 3461); null when none. */
    @Column(name = "RET", length = 8)
    private String ret;

    /** MAIL's {@code ENVID=} as received (xtext decoded); null when none. */
    @Column(name = "ENVID", length = 120)
    private String envelopeId;

    /** When the delay warning (DSN) went to the sender; null while none went. */
    @Column(name = "WARNED_AT")
    private Instant warnedAt;

    /** When the last recipient settled; the retention counts from here. */
    @Column(name = "SETTLED_AT")
    private Instant settledAt;

    @OneToMany(mappedBy = "job", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.LAZY)
    @OrderBy("id")
    private List<QueueRecipient> recipients = new ArrayList<>();

    @Version
    @Column(name = "VERSION")
    private long version;

    protected QueueJob() {
    }

    /**
     * A new job in state {@link State#QUEUED} with one {@link QueueRecipient.State#PENDING} row per envelope recipient.
     */
    public QueueJob(String queueId, String sender, MessageContent content, String clientAddress,
            String authenticatedUser, Instant createdAt, List<String> envelopeRecipients) {
        this.queueId = queueId;
        this.sender = sender;
        this.content = content;
        this.size = content.getSize();
        this.clientAddress = clientAddress;
        this.authenticatedUser = authenticatedUser;
        this.createdAt = createdAt;
        this.state = State.QUEUED;
        this.nextAttempt = createdAt;
        envelopeRecipients.forEach(r -> recipients.add(new QueueRecipient(this, r, null)));
    }

    public Long getId() {
        return id;
    }

    public String getQueueId() {
        return queueId;
    }

    public Optional<String> getSender() {
        return Optional.ofNullable(sender);
    }

    public MessageContent getContent() {
        return content;
    }

    /**
     * Points the job at the content as delivered (with {@code Return-Path:}) once no recipient waits for relay, so
     * the content as received is not kept beside it (ADR 0025). {@link #getSize()} stays the size accepted.
     */
    public void setContent(MessageContent content) {
        this.content = content;
    }

    public long getSize() {
        return size;
    }

    public String getClientAddress() {
        return clientAddress;
    }

    public String getAuthenticatedUser() {
        return authenticatedUser;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public State getState() {
        return state;
    }

    public void setState(State state) {
        this.state = state;
    }

    public int getAttempts() {
        return attempts;
    }

    public Instant getNextAttempt() {
        return nextAttempt;
    }

    public String getLastError() {
        return lastError;
    }

    public Instant getHandedOffAt() {
        return handedOffAt;
    }

    /** Moves the next attempt (a claim's lease, an administrator's retry) without counting an attempt. */
    public void setNextAttempt(Instant next) {
        nextAttempt = next;
    }

    /** Counts one delivery attempt, with its error (null on success) and when the broker will try again (or null). */
    public void recordAttempt(String error, Instant next) {
        attempts++;
        lastError = error == null ? null : truncate(error, 1024);
        nextAttempt = next;
    }

    /**
     * Sets the state its recipients say (see {@link State}), and when it settled. A job with a recipient still
     * PENDING stays QUEUED.
     *
     * @return the state
     */
    public State deriveState(Instant now) {
        boolean pending = false;
        boolean outbound = false;
        boolean held = false;
        boolean delivered = false;
        boolean bounced = false;
        boolean dropped = false;
        for (QueueRecipient r : recipients) {
            switch (r.getState()) {
                case PENDING -> pending = true;
                case QUEUED, DEFERRED -> outbound = true;
                case HELD -> held = true;
                case DELIVERED -> delivered = true;
                case BOUNCED -> bounced = true;
                case DROPPED -> dropped = true;
                case EXPANDED -> {
                }
            }
        }
        State derived;
        if (pending) {
            derived = State.QUEUED;
        } else if (outbound) {
            derived = State.WAITING;
        } else if (held) {
            derived = State.HELD;
        } else if (delivered) {
            derived = bounced || dropped ? State.PARTIAL : State.DELIVERED;
        } else if (bounced) {
            derived = State.BOUNCED;
        } else {
            derived = State.DROPPED;
        }
        state = derived;
        settledAt = derived.settled() ? (settledAt == null ? now : settledAt) : null;
        return derived;
    }

    public Optional<String> getRet() {
        return Optional.ofNullable(ret);
    }

    public Optional<String> getEnvelopeId() {
        return Optional.ofNullable(envelopeId);
    }

    /** MAIL's DSN parameters (RFC 3461). */
    public void setDsnParameters(String ret, String envelopeId) {
        this.ret = ret;
        this.envelopeId = envelopeId == null ? null : truncate(envelopeId, 120);
    }

    public Instant getWarnedAt() {
        return warnedAt;
    }

    public void setWarnedAt(Instant warnedAt) {
        this.warnedAt = warnedAt;
    }

    public Instant getSettledAt() {
        return settledAt;
    }

    public List<QueueRecipient> getRecipients() {
        return recipients;
    }

    /** The row for this address, if the job has one. */
    public Optional<QueueRecipient> recipient(String address) {
        return recipients.stream().filter(r -> r.getAddress().equals(address)).findFirst();
    }

    /** Adds a row for a final recipient that an alias expanded to. */
    public QueueRecipient addExpandedRecipient(String address, String via) {
        QueueRecipient r = new QueueRecipient(this, address, via);
        recipients.add(r);
        return r;
    }

    static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
