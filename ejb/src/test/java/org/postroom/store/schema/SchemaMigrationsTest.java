package org.postroom.store.schema;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
        List<Integer> every = SchemaMigrations.scripts(Dialect.H2).stream().map(SchemaMigrationsTest::version).toList();
        assertEquals(every, first.applied());
        assertEquals(Optional.empty(), first.baselinedAt());
        SchemaMigrations.Outcome second = SchemaMigrations.migrate(url, "postroom", "");
        assertEquals(List.of(), second.applied());
        assertEquals(String.valueOf(every.get(every.size() - 1)), second.version());
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

    /**
     * Version 8 (ADRs 0075-0077) on a database of an earlier build: the STATUS counts of each folder come from its
     * messages, and the stored header fields get their ENVELOPE form and SEARCH texts, computed from the stored message
     * as delivery now does; the mark that asked for it is gone.
     */
    @Test
    void version8FillsFolderCountsAndEnvelopeFormsOfAnEarlierBuildsRows() throws SQLException {
        String url = h2();
        SchemaMigrations.migrateTo(url, "postroom", "", "4");
        String message = "From: =?UTF-8?Q?J=C3=B6rg?= <joerg@example.de>\r\nTo: a@example.org\r\n"
                + "Subject: Hello\r\n\r\nbody\r\n";
        try (Connection c = DriverManager.getConnection(url, "postroom", "");
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO PR_DOMAIN (ID, CREATED_AT, NAME) VALUES (1, 0, 'example.org')");
            s.execute("INSERT INTO PR_ACCOUNT (ID, ADDRESS, CREATED_AT, PASSWORD_HASH, DOMAIN_ID)"
                    + " VALUES (1, 'a@example.org', 0, 'x', 1)");
            s.execute("INSERT INTO PR_FOLDER (ID, NAME, UID_NEXT, UID_VALIDITY, ACCOUNT_ID, FIRST_RECENT_UID)"
                    + " VALUES (1, 'INBOX', 4, 1, 1, 3)");
            s.execute(
                    "INSERT INTO PR_FOLDER (ID, NAME, UID_NEXT, UID_VALIDITY, ACCOUNT_ID) VALUES (2, 'Empty', 1, 2, 1)");
            try (PreparedStatement content = c.prepareStatement("INSERT INTO PR_CONTENT (ID, CREATED_AT, DATA, SHA256,"
                    + " SIZE_BYTES) VALUES (1, 0, ?, 'x', ?)")) {
                byte[] data = message.getBytes(StandardCharsets.UTF_8);
                content.setBytes(1, data);
                content.setLong(2, data.length);
                content.executeUpdate();
            }
            s.execute("INSERT INTO PR_ENVELOPE (CONTENT_ID, SUBJECT, FROM_HDR) VALUES (1, 'Hello', 'x')");
            // UIDs 1 (\\Seen), 2 and 3 (unseen), UID 3 recent (at or above FIRST_RECENT_UID)
            s.execute("INSERT INTO PR_MESSAGE (ID, INTERNAL_DATE, SIZE_BYTES, SYSTEM_FLAGS, UID, CONTENT_ID, FOLDER_ID)"
                    + " VALUES (1, 0, 1, 1, 1, 1, 1), (2, 0, 1, 0, 2, 1, 1), (3, 0, 1, 2, 3, 1, 1)");
        }
        SchemaMigrations.Outcome outcome = SchemaMigrations.migrate(url, "postroom", "");
        assertTrue(outcome.applied().contains(8), outcome.applied().toString());
        try (Connection c = DriverManager.getConnection(url, "postroom", "");
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT MESSAGE_COUNT, UNSEEN_COUNT, RECENT_COUNT FROM PR_FOLDER"
                    + " ORDER BY ID")) {
                assertTrue(rs.next());
                assertEquals(List.of(3L, 2L, 1L), List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
                assertTrue(rs.next());
                assertEquals(List.of(0L, 0L, 0L), List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
            }
            try (ResultSet rs = s.executeQuery("SELECT IMAP_ENVELOPE, SEARCH_FROM, SEARCH_SUBJECT, SEARCH_CC"
                    + " FROM PR_ENVELOPE")) {
                assertTrue(rs.next());
                assertEquals("(NIL \"Hello\" ((\"=?UTF-8?Q?J=C3=B6rg?=\" NIL \"joerg\" \"example.de\"))"
                        + " ((\"=?UTF-8?Q?J=C3=B6rg?=\" NIL \"joerg\" \"example.de\"))"
                        + " ((\"=?UTF-8?Q?J=C3=B6rg?=\" NIL \"joerg\" \"example.de\"))"
                        + " ((NIL NIL \"a\" \"example.org\")) NIL NIL NIL NIL)",
                        new String(rs.getBytes(1), StandardCharsets.UTF_8));
                assertTrue(rs.getString(2).contains("jörg <joerg@example.de>"), rs.getString(2));
                assertEquals("hello", rs.getString(3));
                assertEquals("", rs.getString(4), "a field the header does not have");
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM PR_SETTING WHERE NAME = '"
                    + EnvelopeBackfill.PENDING + "'")) {
                rs.next();
                assertEquals(0, rs.getInt(1));
            }
        }
    }
}
