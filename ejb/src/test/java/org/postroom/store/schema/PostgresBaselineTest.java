package org.postroom.store.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.postroom.store.schema.SchemaMigrations.Dialect;

/**
 * A PostgreSQL database migrated by the hand-written migrator of earlier builds ({@code PR_SCHEMA_VERSION}) is
 * baselined at its version, and only newer scripts run. Needs {@code POSTROOM_TEST_PG_URL} (.ci/run sets it); each
 * test works in a schema of its own.
 */
@EnabledIfEnvironmentVariable(named = "POSTROOM_TEST_PG_URL", matches = "jdbc:postgresql:.*")
class PostgresBaselineTest {

    private static final String BASE = System.getenv("POSTROOM_TEST_PG_URL");

    private static String freshSchema() throws SQLException {
        String schema = "baseline_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(BASE); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return BASE + (BASE.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** What the migrator of earlier builds left: scripts 1..n applied, each recorded in PR_SCHEMA_VERSION. */
    private static void oldBuildMigrated(String url, int n) throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE PR_SCHEMA_VERSION (VERSION INTEGER NOT NULL PRIMARY KEY,"
                    + " APPLIED_AT BIGINT NOT NULL)");
            List<String> scripts = SchemaMigrations.scripts(Dialect.POSTGRESQL);
            for (int v = 1; v <= n; v++) {
                String path = SchemaMigrations.ROOT + "postgresql/" + scripts.get(v - 1);
                try (InputStream in = PostgresBaselineTest.class.getClassLoader().getResourceAsStream(path)) {
                    s.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
                s.executeUpdate("INSERT INTO PR_SCHEMA_VERSION VALUES (" + v + ", 0)");
            }
        }
    }

    @Test
    void aDatabaseOfAnEarlierBuildIsBaselinedAtItsVersionAndGetsOnlyNewerScripts() throws Exception {
        String url = freshSchema();
        oldBuildMigrated(url, 3);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("INSERT INTO PR_DOMAIN (ID, CREATED_AT, NAME) VALUES (7, 0, 'kept.example')");
        }
        List<Integer> newer = versionsFrom(4);
        SchemaMigrations.Outcome outcome = SchemaMigrations.migrate(url, null, null);
        assertEquals(Optional.of(3), outcome.baselinedAt());
        assertEquals(newer, outcome.applied());
        assertEquals(String.valueOf(newer.get(newer.size() - 1)), outcome.version());
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT NAME FROM PR_DOMAIN")) {
                assertTrue(rs.next());
                assertEquals("kept.example", rs.getString(1), "the data stays");
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM PR_EXPUNGED")) {
                assertTrue(rs.next(), "version 4's tables exist");
            }
        }
        SchemaMigrations.Outcome again = SchemaMigrations.migrate(url, null, null);
        assertEquals(Optional.empty(), again.baselinedAt(), "baselined once");
        assertEquals(List.of(), again.applied());
    }

    @Test
    void aCurrentDatabaseOfAnEarlierBuildIsBaselinedWithNothingToApply() throws Exception {
        String url = freshSchema();
        int latestOld = 5;
        oldBuildMigrated(url, latestOld);
        SchemaMigrations.Outcome outcome = SchemaMigrations.migrate(url, null, null);
        assertEquals(Optional.of(latestOld), outcome.baselinedAt());
        assertEquals(versionsFrom(latestOld + 1), outcome.applied());
    }

    /** The versions of the PostgreSQL scripts from {@code first} on, in order (numbers may have gaps). */
    private static List<Integer> versionsFrom(int first) {
        return SchemaMigrations.scripts(Dialect.POSTGRESQL).stream()
                .map(name -> Integer.valueOf(name.substring(1, name.indexOf("__")))).filter(v -> v >= first).toList();
    }

    @Test
    void aFreshDatabaseGetsEveryScript() throws Exception {
        String url = freshSchema();
        SchemaMigrations.Outcome outcome = SchemaMigrations.migrate(url, null, null);
        assertEquals(Optional.empty(), outcome.baselinedAt());
        assertEquals(SchemaMigrations.scripts(Dialect.POSTGRESQL).size(), outcome.applied().size());
    }
}
