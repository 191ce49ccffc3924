package org.postroom.store.jpa;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.postroom.domain.QuotaUsage;
import org.postroom.store.Account;
import org.postroom.store.AccountRepository;
import org.postroom.store.HostedDomain;

@ApplicationScoped
public class JpaAccountRepository implements AccountRepository {

    @PersistenceContext(unitName = "postroom")
    private EntityManager em;

    protected JpaAccountRepository() {
    }

    /** For use outside the container (tests, tools). */
    public JpaAccountRepository(EntityManager em) {
        this.em = em;
    }

    @Override
    public Optional<Account> find(String address) {
        return em.createQuery("SELECT a FROM Account a WHERE a.address = :address", Account.class)
                .setParameter("address", address)
                .getResultStream()
                .findFirst();
    }

    @Override
    public List<Account> findAll() {
        return em.createQuery("SELECT a FROM Account a ORDER BY a.address", Account.class).getResultList();
    }

    @Override
    public List<Account> findByDomain(HostedDomain domain) {
        return em.createQuery("SELECT a FROM Account a WHERE a.domain = :domain ORDER BY a.address", Account.class)
                .setParameter("domain", domain)
                .getResultList();
    }

    @Override
    public long countByDomain(HostedDomain domain) {
        return em.createQuery("SELECT COUNT(a) FROM Account a WHERE a.domain = :domain", Long.class)
                .setParameter("domain", domain)
                .getSingleResult();
    }

    @Override
    public Account add(Account account) {
        em.persist(account);
        em.flush();
        return account;
    }

    @Override
    public void remove(Account account) {
        Account managed = em.contains(account) ? account : em.merge(account);
        List<Long> contentIds = em
                .createQuery("SELECT DISTINCT m.content.id FROM MailMessage m WHERE m.folder.account = :a", Long.class)
                .setParameter("a", managed)
                .getResultList();
        em.createQuery("DELETE FROM MailMessage m WHERE m.folder IN (SELECT f FROM Folder f WHERE f.account = :a)")
                .setParameter("a", managed)
                .executeUpdate();
        em.createQuery("DELETE FROM ExpungedMessage e WHERE e.folderId IN"
                + " (SELECT f.id FROM Folder f WHERE f.account = :a)").setParameter("a", managed).executeUpdate();
        em.createQuery("DELETE FROM Subscription s WHERE s.accountId = :a")
                .setParameter("a", managed.getId())
                .executeUpdate();
        em.createQuery("DELETE FROM Folder f WHERE f.account = :a").setParameter("a", managed).executeUpdate();
        UnreferencedContent.purge(em, contentIds);
        em.remove(managed);
    }

    @Override
    public QuotaUsage usage(Account account) {
        Object[] row = em
                .createQuery("SELECT COALESCE(SUM(m.size), 0), COUNT(m) FROM MailMessage m"
                        + " WHERE m.folder.account = :a", Object[].class)
                .setParameter("a", account)
                .getSingleResult();
        return new QuotaUsage(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
    }
}
