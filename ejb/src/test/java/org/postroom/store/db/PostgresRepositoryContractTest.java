package org.postroom.store.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The repository contract on a real PostgreSQL: set {@code POSTROOM_TEST_PG_URL} (a JDBC URL with user and password
 * parameters; .ci/run starts a server and sets it). Each test works in a schema of its own.
 */
@EnabledIfEnvironmentVariable(named = "POSTROOM_TEST_PG_URL", matches = "jdbc:postgresql:.*")
class PostgresRepositoryContractTest extends RepositoryContract {

    private static final String BASE = System.getenv("POSTROOM_TEST_PG_URL");

    @Override
    protected String freshDatabaseUrl() throws SQLException {
        return freshSchema();
    }

    /** A JDBC URL of {@code POSTROOM_TEST_PG_URL} with a new, empty schema as its current schema. */
    static String freshSchema() throws SQLException {
        String schema = "contract_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(BASE); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return BASE + (BASE.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    protected String user() {
        return null;
    }

    @Override
    protected String password() {
        return null;
    }
}
