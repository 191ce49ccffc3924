package org.postroom.directory;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One synchronisation with the corporate directory, as {@code GET /api/tasks/{id}} shows it: its state and progress
 * (entries seen, mailboxes created, disabled users, errors, mailboxes disabled and enabled again). Thread-safe: the sync writes, the API reads.
 */
public final class SyncTask {

    public enum State {
        RUNNING, DONE, FAILED
    }

    private final long id;
    private final Instant startedAt;
    private final AtomicLong seen = new AtomicLong();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong disabled = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile long mailboxesDisabled;
    private volatile long mailboxesEnabled;
    private volatile State state = State.RUNNING;
    private volatile Instant finishedAt;
    private volatile String message = "";

    public SyncTask(long id, Instant startedAt) {
        this.id = id;
        this.startedAt = startedAt;
    }

    public long id() {
        return id;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Optional<Instant> finishedAt() {
        return Optional.ofNullable(finishedAt);
    }

    public State state() {
        return state;
    }

    public String message() {
        return message;
    }

    public long seen() {
        return seen.get();
    }

    public long created() {
        return created.get();
    }

    public long disabled() {
        return disabled.get();
    }

    public long errors() {
        return errors.get();
    }

    /** Mailboxes this sync disabled: their user left the directory, or is disabled there (ADR 0066). */
    public long mailboxesDisabled() {
        return mailboxesDisabled;
    }

    /** Disabled mailboxes this sync enabled again: their user is back. */
    public long mailboxesEnabled() {
        return mailboxesEnabled;
    }

    void reconciled(long disabled, long enabled) {
        this.mailboxesDisabled = disabled;
        this.mailboxesEnabled = enabled;
    }

    void seen(long n) {
        seen.addAndGet(n);
    }

    void created(long n) {
        created.addAndGet(n);
    }

    void disabled(long n) {
        disabled.addAndGet(n);
    }

    void error() {
        errors.incrementAndGet();
    }

    void finish(State state, String message, Instant at) {
        this.message = message;
        this.finishedAt = at;
        this.state = state;
    }
}
