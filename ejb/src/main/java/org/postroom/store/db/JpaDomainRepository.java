package org.postroom.store.db;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.postroom.store.DomainRepository;
import org.postroom.store.HostedDomain;

@ApplicationScoped
public class JpaDomainRepository implements DomainRepository {

    @PersistenceContext(unitName = "postroom")
    private EntityManager em;

    protected JpaDomainRepository() {
    }

    /** For use outside the container (tests, tools). */
    public JpaDomainRepository(EntityManager em) {
        this.em = em;
    }

    @Override
    public Optional<HostedDomain> find(String name) {
        return em.createQuery("SELECT d FROM HostedDomain d WHERE d.name = :name", HostedDomain.class)
                .setParameter("name", name)
                .getResultStream()
                .findFirst();
    }

    @Override
    public List<HostedDomain> findAll() {
        return em.createQuery("SELECT d FROM HostedDomain d ORDER BY d.name", HostedDomain.class).getResultList();
    }

    @Override
    public HostedDomain add(HostedDomain domain) {
        em.persist(domain);
        em.flush();
        return domain;
    }

    @Override
    public void remove(HostedDomain domain) {
        em.remove(em.contains(domain) ? domain : em.merge(domain));
    }
}
