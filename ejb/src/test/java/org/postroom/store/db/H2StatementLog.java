package org.postroom.store.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SQL statements an H2 database executed, from every connection, counted by H2 itself ({@code SET
 * QUERY_STATISTICS}): a test resets the log, runs one command and reads what it cost, so that a change that adds a
 * round trip per message or a scan of the mailbox shows as a failing count, not as a slower benchmark.
 */
public final class H2StatementLog implements AutoCloseable {

    private final Connection connection;

    public H2StatementLog(String url) {
        try {
            connection = DriverManager.getConnection(url, "postroom", "");
            try (Statement s = connection.createStatement()) {
                s.execute("SET QUERY_STATISTICS_MAX_ENTRIES 10000");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Forgets what was counted so far and counts from now on. */
    public void reset() {
        try (Statement s = connection.createStatement()) {
            s.execute("SET QUERY_STATISTICS FALSE");
            s.execute("SET QUERY_STATISTICS TRUE");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each statement executed since {@link #reset()} with how many times it ran. */
    public Map<String, Integer> statements() {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT SQL_STATEMENT, EXECUTION_COUNT FROM"
                        + " INFORMATION_SCHEMA.QUERY_STATISTICS ORDER BY SQL_STATEMENT")) {
            while (rs.next()) {
                out.merge(rs.getString(1), rs.getInt(2), Integer::sum);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** How many statements ran since {@link #reset()}. */
    public int count() {
        return statements().values().stream().mapToInt(Integer::intValue).sum();
    }

    /** How many of the statements since {@link #reset()} name this table (as a word of their text, any case). */
    public int touching(String table) {
        return statements().entrySet().stream()
                .filter(e -> e.getKey().toUpperCase(java.util.Locale.ROOT).matches("(?s).*\\b" + table + "\\b.*"))
                .mapToInt(Map.Entry::getValue).sum();
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
