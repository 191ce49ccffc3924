package org.postroom.store.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
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
        } catch (SQLException e) {
            throw new IllegalStateException("database schema migration failed: " + e.getMessage(), e);
        }
    }
}
