package org.postroom.store.db;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.postroom.store.DkimKey;
import org.postroom.store.DkimKeyRepository;
import org.postroom.store.HostedDomain;

@ApplicationScoped
public class JpaDkimKeyRepository implements DkimKeyRepository {

    @PersistenceContext(unitName = "postroom")
    private EntityManager em;

    protected JpaDkimKeyRepository() {
    }

    /** For use outside the container (tests, tools). */
    public JpaDkimKeyRepository(EntityManager em) {
        this.em = em;
    }

    @Override
    public Optional<DkimKey> active(String domain) {
        return em.createQuery("SELECT k FROM DkimKey k WHERE k.domain.name = :name AND k.retiredAt IS NULL"
                + " ORDER BY k.createdAt DESC, k.id DESC", DkimKey.class)
                .setParameter("name", domain)
                .setMaxResults(1)
                .getResultStream()
                .findFirst();
    }

    @Override
    public List<DkimKey> forDomain(HostedDomain domain) {
        return em.createQuery("SELECT k FROM DkimKey k WHERE k.domain = :domain ORDER BY k.createdAt DESC, k.id DESC",
                DkimKey.class).setParameter("domain", domain).getResultList();
    }

    @Override
    public DkimKey add(DkimKey key) {
        em.persist(key);
        em.flush();
        return key;
    }

    @Override
    public void removeAll(HostedDomain domain) {
        em.createQuery("DELETE FROM DkimKey k WHERE k.domain = :domain").setParameter("domain", domain)
                .executeUpdate();
    }
}
