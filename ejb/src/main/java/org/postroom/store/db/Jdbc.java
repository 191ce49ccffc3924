package org.postroom.store.db;

import java.sql.Connection;
import java.sql.SQLException;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import org.eclipse.persistence.sessions.UnitOfWork;

/**
 * Plain JDBC for the rows the SMTP hot path writes (ADR 0019): the statement runs on the connection of the entity
 * manager's current transaction (the container's JTA transaction, or the resource-local one of the tests), so it
 * commits or rolls back with everything else the transaction does. Ids come from EclipseLink's own sequencing (the
 * table generator the entities use), so a row written here and one persisted through JPA never share an id, and ids
 * preallocated in a transaction that rolls back are not handed out again.
 *
 * <p>Only rows that no entity could have cached are written this way (new rows), so the shared cache never holds a
 * stale copy of them.
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

    /** A new id for a row of {@code entity}'s table, from the generator its {@code @GeneratedValue} uses. */
    static long nextId(EntityManager em, Class<?> entity) {
        return em.unwrap(UnitOfWork.class).getNextSequenceNumberValue(entity).longValue();
    }

    /** A failed statement as JPA would report it, so callers see one kind of store failure. */
    static PersistenceException failed(String what, SQLException e) {
        return new PersistenceException(what + ": " + e.getMessage(), e);
    }
}
