package org.postroom.store.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.eclipse.persistence.sessions.UnitOfWork;

/**
 * Plain JDBC for the rows the SMTP hot path writes (ADR 0019) and the rows IMAP and POP3 read (ADR 0085): a statement
 * in a transaction runs on the connection of the entity manager's current transaction (the container's JTA
 * transaction, or the resource-local one of the tests), so it commits or rolls back with everything else the
 * transaction does. Ids come from EclipseLink's own sequencing (the table generator the entities use), so a row
 * written here and one persisted through JPA never share an id, and ids preallocated in a transaction that rolls back
 * are not handed out again.
 *
 * <p>Only rows that no entity could have cached are written this way (new rows), so the shared cache never holds a
 * stale copy of them. Reads return plain values, never entities.
 */
final class Jdbc {

    private Jdbc() {
    }

    /** The connection of the current transaction (a transaction must be active). */
    static Connection connection(EntityManager em) {
        Connection c = em.unwrap(Connection.class);
        if (c == null) {
            throw new IllegalStateException("no transaction is active: plain JDBC writes need one");
        }
        return c;
    }

    /** What a read does with each row of its result. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    private static final Pattern NUMBERED = Pattern.compile("\\?(\\d+)");

    /**
     * The rows of a query, read with plain JDBC (ADR 0085): on the connection of the current transaction, after
     * EclipseLink has flushed what the transaction changed through entities (as a JPA query would), or, for a read
     * outside any transaction (the IMAP reads are NOT_SUPPORTED), on a connection of its own from the data source,
     * which the pool gives back at once. {@code sql} numbers its parameters {@code ?1, ?2, ...} (as JPA native queries
     * do); a number may be left out, and a value is bound wherever its number appears.
     *
     * @param reads the server's data source and transaction registry; null outside the container, where every read
     *            has a transaction
     */
    static <T> List<T> query(EntityManager em, Reads reads, String sql, RowReader<T> reader, Object... parameters) {
        List<Integer> order = new ArrayList<>();
        Matcher m = NUMBERED.matcher(sql);
        StringBuilder positional = new StringBuilder(sql.length());
        while (m.find()) {
            order.add(Integer.parseInt(m.group(1)));
            m.appendReplacement(positional, "?");
        }
        m.appendTail(positional);
        try {
            if (reads != null && reads.transactions.getTransactionKey() == null) {
                try (Connection own = reads.dataSource.getConnection()) {
                    return query(own, positional.toString(), order, reader, parameters);
                }
            }
            Connection inTransaction = connection(em);
            em.flush();
            return query(inTransaction, positional.toString(), order, reader, parameters);
        } catch (SQLException e) {
            throw failed("reading " + sql.substring(0, Math.min(60, sql.length())), e);
        }
    }

    /**
     * What a read outside a transaction needs in the container: the data source, and the registry that tells whether
     * the call runs in a transaction (without asking EclipseLink, which would start a unit of work to answer).
     */
    record Reads(DataSource dataSource, TransactionSynchronizationRegistry transactions) {
    }

    private static <T> List<T> query(Connection c, String sql, List<Integer> order, RowReader<T> reader,
            Object[] parameters) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(sql)) {
            for (int i = 0; i < order.size(); i++) {
                select.setObject(i + 1, parameters[order.get(i) - 1]);
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    rows.add(reader.read(r));
                }
            }
            return rows;
        }
    }

    /** A new id for a row of {@code entity}'s table, from the generator its {@code @GeneratedValue} uses. */
    static long nextId(EntityManager em, Class<?> entity) {
        return em.unwrap(UnitOfWork.class).getNextSequenceNumberValue(entity).longValue();
    }

    /** A failed statement as JPA would report it, so callers see one kind of store failure. */
    static PersistenceException failed(String what, SQLException e) {
        return new PersistenceException(what + ": " + e.getMessage(), e);
    }
}
