package org.postroom.store.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Forces committed data onto the disk where the database does not do it at commit (ADR 0026). The embedded H2 writes
 * every commit to its file before the commit returns ({@code WRITE_DELAY=0}), which survives a crash of the process,
 * but calls fsync only now and then; {@code CHECKPOINT SYNC} makes the file durable against a crash of the machine.
 * {@code CHECKPOINT SYNC} alone only fsyncs what is already in the file: a commit whose write H2 skipped while another
 * thread was storing stays in memory, and CrashRecoveryIT once lost an acknowledged message to a SIGKILL that way
 * (the job row was gone after the restart). {@code CHECKPOINT} first writes everything committed, then the sync.
 * PostgreSQL flushes its WAL at commit ({@code synchronous_commit=on}): nothing to do there.
 */
@ApplicationScoped
public class DiskSync {

    private static final Logger LOG = Logger.getLogger(DiskSync.class.getName());

    @Resource(lookup = "jdbc/postroom")
    DataSource dataSource;

    /** Whether the database is H2; null until the first call looks. */
    private volatile Boolean embedded;

    /** Called outside any transaction, after the commit it makes durable; fsyncs the embedded database's file. */
    public void afterCommit() {
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
