package org.postroom.store.db;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.Persistence;

/**
 * The "postroom" persistence unit outside the container: same mapping, RESOURCE_LOCAL transactions, a JDBC URL
 * instead of the server's data source, and the schema from the same migration scripts the server runs.
 */
final class Jpa implements AutoCloseable {

    private final EntityManagerFactory emf;

    Jpa(String url, String user, String password) {
        this(url, user, password, Map.of());
    }

    /**
     * With more persistence properties; {@code eclipselink.session-name} makes a factory with a session (and shared
     * cache) of its own, as a second server has: EclipseLink otherwise shares one session between factories of the
     * same unit and properties.
     */
    Jpa(String url, String user, String password, Map<String, Object> more) {
        Map<String, Object> p = new HashMap<>();
        p.put("jakarta.persistence.transactionType", "RESOURCE_LOCAL");
        p.put("jakarta.persistence.jtaDataSource", null);
        p.put("jakarta.persistence.jdbc.url", url);
        p.put("jakarta.persistence.jdbc.user", user);
        p.put("jakarta.persistence.jdbc.password", password);
        p.put("eclipselink.logging.level", "WARNING");
        p.putAll(more);
        emf = Persistence.createEntityManagerFactory("postroom", p);
    }

    <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } finally {
            if (tx.isActive()) {
                tx.rollback();
            }
            em.close();
        }
    }

    EntityManager createEntityManager() {
        return emf.createEntityManager();
    }

    void run(Consumer<EntityManager> work) {
        inTransaction(em -> {
            work.accept(em);
            return null;
        });
    }

    @Override
    public void close() {
        emf.close();
    }
}
