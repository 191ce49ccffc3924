package org.postroom.store.schema;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.postroom.store.Ids;

/**
 * Brings a database to the schema version this build needs by applying the numbered scripts under
 * {@code META-INF/postroom/schema/<database>/V001.sql, V002.sql, ...} that it has not applied yet, each in one
 * transaction under a table lock (so servers sharing a database do not race), recording them in
 * {@code PR_SCHEMA_VERSION}. Plain JDBC, so tests run the same scripts the server runs (ADR 0004).
 */
public final class SchemaMigrator {

    /** The schema version this code is written for. */
    public static final int LATEST = 6;
    static final String VERSION_TABLE = "PR_SCHEMA_VERSION";
    /** In a script, the start of the id sequence, computed from the table it replaces ({@link #idSequenceStart}). */
    private static final String ID_SEQ_START = "{{ID_SEQ_START}}";

    /** The databases with scripts; the JDBC product name selects one. */
    public enum Dialect {
        DERBY("derby"), POSTGRESQL("postgresql");

        private final String folder;

        Dialect(String folder) {
            this.folder = folder;
        }

        static Dialect of(DatabaseMetaData meta) throws SQLException {
            String product = meta.getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (product.contains("derby")) {
                return DERBY;
            }
            if (product.contains("postgres")) {
                return POSTGRESQL;
            }
            throw new SQLException("unsupported database '" + meta.getDatabaseProductName()
                    + "': Postroom runs on Apache Derby or PostgreSQL");
        }
    }

    private SchemaMigrator() {
    }

    /**
     * Applies the missing versions.
     *
     * @return the versions applied now (empty when the schema was current)
     * @throws SQLException when a script fails (its transaction is rolled back) or the database is newer than this
     *         code
     */
    public static List<Integer> migrate(Connection connection) throws SQLException {
        Dialect dialect = Dialect.of(connection.getMetaData());
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            ensureVersionTable(connection);
            List<Integer> applied = new ArrayList<>();
            try (Statement s = connection.createStatement()) {
                s.execute("LOCK TABLE " + VERSION_TABLE + " IN EXCLUSIVE MODE");
                int current = currentVersion(s);
                if (current > LATEST) {
                    throw new SQLException("the database has schema version " + current + " but this Postroom knows"
                            + " only up to " + LATEST + "; run a newer Postroom");
                }
                for (int v = current + 1; v <= LATEST; v++) {
                    for (String sql : statements(script(dialect, v))) {
                        s.execute(sql.contains(ID_SEQ_START) ? sql.replace(ID_SEQ_START, idSequenceStart(s)) : sql);
                    }
                    s.executeUpdate("INSERT INTO " + VERSION_TABLE + " (VERSION, APPLIED_AT) VALUES (" + v + ", "
                            + System.currentTimeMillis() + ")");
                    applied.add(v);
                }
            }
            connection.commit();
            return applied;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static void ensureVersionTable(Connection c) throws SQLException {
        if (tableExists(c, VERSION_TABLE)) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + VERSION_TABLE + " (VERSION INTEGER NOT NULL PRIMARY KEY,"
                    + " APPLIED_AT BIGINT NOT NULL)");
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            if (!tableExists(c, VERSION_TABLE)) {
                throw e;
            }
            // another server created it meanwhile
        }
    }

    /** Whether the table exists in the connection's current schema (not just anywhere in the database). */
    private static boolean tableExists(Connection c, String name) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        for (String candidate : new String[]{name, name.toLowerCase(Locale.ROOT)}) {
            try (ResultSet rs = meta.getTables(null, c.getSchema(), candidate, new String[]{"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The first value of the id sequence that replaces EclipseLink's SEQUENCE table (V006): the end of the block after
     * the last id the table handed out, for a database (Derby) that takes only a literal in {@code START WITH}.
     */
    private static String idSequenceStart(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(SEQ_COUNT), 0) FROM SEQUENCE")) {
            rs.next();
            return Long.toString(rs.getLong(1) + Ids.BLOCK);
        }
    }

    private static int currentVersion(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT MAX(VERSION) FROM " + VERSION_TABLE)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static String script(Dialect dialect, int version) {
        String path = String.format("META-INF/postroom/schema/%s/V%03d.sql", dialect.folder, version);
        try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("schema script missing from the build: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }

    /** Splits a script into statements: ';' ends a statement at the end of a line; '--' lines are comments. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(current.length() == 0 ? "" : " ").append(trimmed);
            if (trimmed.endsWith(";")) {
                current.setLength(current.length() - 1);
                out.add(current.toString());
                current.setLength(0);
            }
        }
        if (current.length() > 0) {
            out.add(current.toString());
        }
        return out;
    }
}
