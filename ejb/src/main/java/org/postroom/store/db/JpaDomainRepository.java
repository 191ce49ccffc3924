package org.postroom.store.db;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.postroom.store.DomainAdministrator;
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

    @Override
    public List<DomainAdministrator> administrators(HostedDomain domain) {
        return em.createQuery("SELECT a FROM DomainAdministrator a WHERE a.domain = :domain ORDER BY a.login",
                DomainAdministrator.class).setParameter("domain", domain).getResultList();
    }

    @Override
    public boolean addAdministrator(HostedDomain domain, String login, Instant at) {
        if (em.createQuery("SELECT COUNT(a) FROM DomainAdministrator a WHERE a.domain = :domain AND a.login = :login",
                Long.class).setParameter("domain", domain).setParameter("login", login).getSingleResult() > 0) {
            return false;
        }
        em.persist(new DomainAdministrator(domain, login, at));
        em.flush();
        return true;
    }

    @Override
    public boolean removeAdministrator(HostedDomain domain, String login) {
        return em.createQuery("DELETE FROM DomainAdministrator a WHERE a.domain = :domain AND a.login = :login")
                .setParameter("domain", domain)
                .setParameter("login", login)
                .executeUpdate() > 0;
    }

    @Override
    public void removeAdministrators(HostedDomain domain) {
        em.createQuery("DELETE FROM DomainAdministrator a WHERE a.domain = :domain")
                .setParameter("domain", domain)
                .executeUpdate();
    }

    @Override
    public int removeGrantsOf(String login) {
        return em.createQuery("DELETE FROM DomainAdministrator a WHERE a.login = :login")
                .setParameter("login", login)
                .executeUpdate();
    }

    @Override
    public Set<String> administeredBy(Collection<String> logins) {
        if (logins.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(em.createQuery("SELECT a.domain.name FROM DomainAdministrator a WHERE a.login IN :logins",
                String.class).setParameter("logins", logins).getResultList());
    }
}
