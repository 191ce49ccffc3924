package org.postroom.store.schema;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;

import org.flywaydb.core.api.FlywayException;
import org.postroom.config.PostroomConfig;

/**
 * Migrates the database schema at start, before anything else uses the database (the other startup beans depend on
 * this one). A data directory written by a Derby build, or an embedded database in a format this build's H2 cannot
 * read ({@link EmbeddedFormat}), is refused first, before the embedded database is opened.
 */
@Startup
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaBootstrap {

    private static final Logger LOG = Logger.getLogger(SchemaBootstrap.class.getName());

    @Resource(lookup = "jdbc/postroom")
    DataSource dataSource;

    @Inject
    PostroomConfig config;

    @PostConstruct
    void migrate() {
        try {
            refuseDerbyData(config.dataDir(), config.dbUrl());
            EmbeddedFormat.check(config.dbUrl());
        } catch (IllegalStateException | UncheckedIOException e) {
            LOG.severe(e.getMessage());
            throw e;
        }
        try {
            SchemaMigrations.Outcome outcome = SchemaMigrations.migrate(dataSource);
            outcome.baselinedAt().ifPresent(v -> LOG.info("Database schema (" + outcome.dialect().folder()
                    + ") of an earlier build baselined at version " + v + " from "
                    + SchemaMigrations.LEGACY_VERSION_TABLE));
            LOG.info(outcome.applied().isEmpty()
                    ? "Database schema (" + outcome.dialect().folder() + ") is current (version " + outcome.version()
                            + ")"
                    : "Database schema (" + outcome.dialect().folder() + ") migrated to version " + outcome.version()
                            + " (applied " + outcome.applied() + ")");
            try (Connection c = dataSource.getConnection()) {
                warnWithoutLockTimeout(c);
            }
        } catch (SQLException | FlywayException e) {
            LOG.log(Level.SEVERE, "Database schema migration failed: " + e.getMessage(), e);
            throw new IllegalStateException("database schema migration failed: " + e.getMessage(), e);
        }
    }

    /**
     * A lock wait must end in a clean temporary error well before a client gives up (ADR 0022). PostgreSQL waits for
     * ever unless {@code lock_timeout} is set, which the JDBC URL does ({@code options=-c lock_timeout=5s}); the
     * embedded H2's URL sets {@code LOCK_TIMEOUT} (ADR 0026).
     */
    private static void warnWithoutLockTimeout(Connection c) throws SQLException {
        if (!c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres")) {
            return;
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW lock_timeout")) {
            if (rs.next() && "0".equals(rs.getString(1))) {
                LOG.warning("PostgreSQL lock_timeout is 0: a transaction waiting for a lock waits for ever. Add"
                        + " options=-c%20lock_timeout=5s to POSTROOM_DB_URL (see the admin guide)");
            }
        }
    }

    /**
     * Refuses to start on a data directory that holds a Derby database ({@code <data>/derby}, from a build before
     * ADR 0026) while the database is the embedded one: the server would otherwise start empty beside the old mail.
     *
     * @throws IllegalStateException saying what to do
     */
    static void refuseDerbyData(Path dataDir, String dbUrl) {
        Path derby = dataDir.resolve("derby");
        if (Files.isDirectory(derby) && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalStateException("The data directory " + dataDir + " holds an Apache Derby database ("
                    + derby + ") written by an earlier Postroom build. This build stores its data in H2 (" + dataDir
                    + "/h2) and does not read Derby, so it will not start on it. To keep that mail, run the earlier"
                    + " build and copy the mailboxes out (IMAP), or point POSTROOM_DB_URL at a PostgreSQL database;"
                    + " to start afresh, move " + derby + " out of the data directory. Then start again.");
        }
    }
}
