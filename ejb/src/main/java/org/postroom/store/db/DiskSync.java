package org.postroom.store.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Forces committed data onto the disk where the database does not do it at commit (ADR 0026). The embedded H2 writes
 * every commit to its file before the commit returns ({@code WRITE_DELAY=0}), which survives a crash of the process,
 * but calls fsync only now and then; {@code CHECKPOINT SYNC} makes the file durable against a crash of the machine.
 * {@code CHECKPOINT SYNC} alone only fsyncs what is already in the file; {@code CHECKPOINT} first writes anything
 * committed that the store still holds in memory (with {@code WRITE_DELAY=0} normally nothing: each commit writes
 * itself). The acknowledged messages CrashRecoveryIT lost to SIGKILL were H2 2.5's recovery fault (ADR 0058), which
 * no sync could prevent.
 * PostgreSQL flushes its WAL at commit ({@code synchronous_commit=on}): nothing to do there.
 *
 * <p>
 * Group sync: H2 syncs one database at a time, and eight connections each syncing after their own commit reached a
 * fraction of one connection's rate (ADR 0054). A caller needs a sync round that <em>started</em> after its commit:
 * one caller runs the round, and every caller that arrives while a round runs waits for the next one, which then
 * covers all of them with one write and one fsync.
 */
@ApplicationScoped
public class DiskSync {

    private static final Logger LOG = Logger.getLogger(DiskSync.class.getName());

    @Resource(lookup = "jdbc/postroom")
    DataSource dataSource;

    /** Whether the database is H2; null until the first call looks. */
    private volatile Boolean embedded;

    private final ReentrantLock rounds = new ReentrantLock();
    private final Condition roundEnded = rounds.newCondition();
    /** Sync rounds started and ended; guarded by {@link #rounds}. */
    private long started;
    private long ended;
    private boolean running;

    /**
     * Called outside any transaction, after the commit it makes durable; returns once a sync of the embedded
     * database's file that started after the call has ended.
     */
    public void afterCommit() {
        if (Boolean.FALSE.equals(embedded)) {
            return; // PostgreSQL: durable at commit
        }
        rounds.lock();
        try {
            long needed = started + 1; // a round running now may have begun before this caller's commit
            while (ended < needed) {
                if (running) {
                    roundEnded.awaitUninterruptibly();
                    continue;
                }
                running = true;
                long round = ++started;
                rounds.unlock();
                try {
                    syncNow();
                } finally {
                    rounds.lock();
                    ended = round;
                    running = false;
                    roundEnded.signalAll();
                }
            }
        } finally {
            rounds.unlock();
        }
    }

    /** One round: writes and fsyncs the H2 file (nothing on PostgreSQL). Package-private for the test. */
    void syncNow() {
        try (Connection c = dataSource.getConnection()) {
            Boolean h2 = embedded;
            if (h2 == null) {
                h2 = "H2".equals(c.getMetaData().getDatabaseProductName());
                embedded = h2;
            }
            if (h2) {
                try (Statement s = c.createStatement()) {
                    s.execute("CHECKPOINT"); // writes what the store still holds in memory
                    s.execute("CHECKPOINT SYNC"); // then fsyncs the file
                }
            }
        } catch (SQLException e) {
            // The commit stands (and is in the file): refusing now would make the client send the message again.
            LOG.log(Level.SEVERE, "Cannot sync the database file to disk after a commit: " + e.getMessage(), e);
        }
    }
}
