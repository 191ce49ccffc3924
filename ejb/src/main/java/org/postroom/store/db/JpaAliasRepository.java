package org.postroom.store.db;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.postroom.store.Alias;
import org.postroom.store.AliasRepository;
import org.postroom.store.HostedDomain;

@ApplicationScoped
public class JpaAliasRepository implements AliasRepository {

    @PersistenceContext(unitName = "postroom")
    private EntityManager em;

    protected JpaAliasRepository() {
    }

    /** For use outside the container (tests, tools). */
    public JpaAliasRepository(EntityManager em) {
        this.em = em;
    }

    @Override
    public Optional<Alias> find(String address) {
        return em.createQuery("SELECT a FROM Alias a WHERE a.address = :address", Alias.class)
                .setParameter("address", address)
                .getResultStream()
                .findFirst();
    }

    @Override
    public List<Alias> findAll() {
        return em.createQuery("SELECT a FROM Alias a ORDER BY a.address", Alias.class).getResultList();
    }

    @Override
    public List<Alias> findByDomain(HostedDomain domain) {
        return em.createQuery("SELECT a FROM Alias a WHERE a.domain = :domain ORDER BY a.address", Alias.class)
                .setParameter("domain", domain)
                .getResultList();
    }

    @Override
    public long countByDomain(HostedDomain domain) {
        return em.createQuery("SELECT COUNT(a) FROM Alias a WHERE a.domain = :domain", Long.class)
                .setParameter("domain", domain)
                .getSingleResult();
    }

    @Override
    public Alias add(Alias alias) {
        em.persist(alias);
        em.flush();
        return alias;
    }

    @Override
    public void remove(Alias alias) {
        em.remove(em.contains(alias) ? alias : em.merge(alias));
    }
}
