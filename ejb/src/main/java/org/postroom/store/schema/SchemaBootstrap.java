package org.postroom.store.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;

/** Migrates the database schema at start, before anything else uses the database. */
@Startup
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaBootstrap {

    private static final Logger LOG = Logger.getLogger(SchemaBootstrap.class.getName());

    @Resource(lookup = "jdbc/postroom")
    DataSource dataSource;

    @PostConstruct
    void migrate() {
        try (Connection c = dataSource.getConnection()) {
            List<Integer> applied = SchemaMigrator.migrate(c);
            LOG.info(applied.isEmpty()
                    ? "Database schema is current (version " + SchemaMigrator.LATEST + ")"
                    : "Database schema migrated to version " + SchemaMigrator.LATEST + " (applied " + applied + ")");
            warnWithoutLockTimeout(c);
        } catch (SQLException e) {
            throw new IllegalStateException("database schema migration failed: " + e.getMessage(), e);
        }
    }

    /**
     * A lock wait must end in a clean temporary error well before a client gives up (ADR 0022). PostgreSQL waits for
     * ever unless {@code lock_timeout} is set, which the JDBC URL does ({@code options=-c lock_timeout=5s}).
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
}
