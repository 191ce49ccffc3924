package org.postroom.store.schema;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postroom.store.schema.SchemaMigrations.Dialect;

/** Flyway's guarantees as Postroom uses them (ADR 0027), and the refusal of a Derby data directory (ADR 0026). */
class SchemaMigrationsTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static String h2() {
        return "jdbc:h2:mem:migrations" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    }

    @Test
    void freshH2DatabaseGetsEveryScriptAndASecondRunNothing() throws SQLException {
        String url = h2();
        SchemaMigrations.Outcome first = SchemaMigrations.migrate(url, "postroom", "");
        assertEquals(Dialect.H2, first.dialect());
        assertEquals(List.of(1, 2, 3, 4, 8), first.applied());
        assertEquals(Optional.empty(), first.baselinedAt());
        SchemaMigrations.Outcome second = SchemaMigrations.migrate(url, "postroom", "");
        assertEquals(List.of(), second.applied());
        assertEquals("8", second.version());
    }

    @Test
    void anEditedScriptIsCaughtByItsChecksumAndNothingStarts() throws SQLException {
        String url = h2();
        SchemaMigrations.migrate(url, "postroom", "");
        // What an edited released script looks like to Flyway: the recorded checksum no longer matches the file.
        try (Connection c = DriverManager.getConnection(url, "postroom", ""); Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("UPDATE \"" + SchemaMigrations.HISTORY_TABLE
                    + "\" SET \"checksum\" = \"checksum\" + 1 WHERE \"version\" = '1'"));
        }
        FlywayException refused = assertThrows(FlywayException.class,
                () -> SchemaMigrations.migrate(url, "postroom", ""));
        assertTrue(refused.getMessage().contains("checksum mismatch"), refused.getMessage());
    }

    @Test
    void aDatabaseOfANewerBuildIsRefused() throws SQLException {
        String url = h2();
        SchemaMigrations.migrate(url, "postroom", "");
        try (Connection c = DriverManager.getConnection(url, "postroom", ""); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO \"" + SchemaMigrations.HISTORY_TABLE + "\" SELECT 99, '99', 'from the future',"
                    + " \"type\", 'V99__from_the_future.sql', 0, \"installed_by\", \"installed_on\", 0, TRUE FROM \""
                    + SchemaMigrations.HISTORY_TABLE + "\" WHERE \"version\" = '1'");
        }
        FlywayException refused = assertThrows(FlywayException.class,
                () -> SchemaMigrations.migrate(url, "postroom", ""));
        assertTrue(refused.getMessage().contains("99"), refused.getMessage());
    }

    @Test
    void everyScriptInTheSourceFoldersIsListedInOrder() throws IOException {
        for (Dialect d : Dialect.values()) {
            Path folder = Path.of("src/main/resources", SchemaMigrations.ROOT, d.folder());
            try (Stream<Path> files = Files.list(folder)) {
                List<String> onDisk = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql"))
                        .sorted((a, b) -> Integer.compare(version(a), version(b))).toList();
                assertEquals(onDisk, SchemaMigrations.scripts(d), d + ": migrations.txt lists every script in order");
            }
        }
    }

    private static int version(String script) {
        return Integer.parseInt(script.substring(1, script.indexOf("__")));
    }

    @Test
    void aDerbyDataDirectoryIsRefusedWithWhatToDo(@TempDir Path data) throws IOException {
        String h2 = "jdbc:h2:" + data + "/h2/postroom;WRITE_DELAY=0";
        assertDoesNotThrow(() -> SchemaBootstrap.refuseDerbyData(data, h2), "no Derby database: starts");
        Files.createDirectories(data.resolve("derby/seg0"));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> SchemaBootstrap.refuseDerbyData(data, h2));
        assertTrue(refused.getMessage().contains(data.resolve("derby").toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("move"), "says what to do: " + refused.getMessage());
        assertThrows(IllegalStateException.class, () -> SchemaBootstrap.refuseDerbyData(data, ""),
                "the default URL is the embedded database");
        assertDoesNotThrow(() -> SchemaBootstrap.refuseDerbyData(data, "jdbc:postgresql://db/postroom"),
                "the mail is not in the data directory with PostgreSQL");
    }

    @Test
    void aLockWaitOnH2EndsInATemporaryErrorWithinTheLockTimeout() throws SQLException {
        String url = h2() + ";LOCK_TIMEOUT=500";
        SchemaMigrations.migrate(url, "postroom", "");
        try (Connection holder = DriverManager.getConnection(url, "postroom", "");
                Connection waiter = DriverManager.getConnection(url, "postroom", "")) {
            try (Statement s = holder.createStatement()) {
                s.executeUpdate("INSERT INTO PR_SETTING (NAME, VAL) VALUES ('lock', '0')");
            }
            holder.setAutoCommit(false);
            waiter.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.executeUpdate("UPDATE PR_SETTING SET VAL = '1' WHERE NAME = 'lock'");
            }
            long start = System.nanoTime();
            SQLException timedOut = assertThrows(SQLException.class, () -> {
                try (Statement s = waiter.createStatement()) {
                    s.executeUpdate("UPDATE PR_SETTING SET VAL = '2' WHERE NAME = 'lock'");
                }
            });
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("HYT00", timedOut.getSQLState(), "a timeout, which a retry may pass: " + timedOut);
            assertTrue(waitedMillis < 3000, "waited " + waitedMillis + " ms");
            holder.rollback();
        }
    }
}
