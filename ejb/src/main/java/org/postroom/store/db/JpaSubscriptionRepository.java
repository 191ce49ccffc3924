package org.postroom.store.db;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.postroom.store.Account;
import org.postroom.store.Folder;
import org.postroom.store.Subscription;
import org.postroom.store.SubscriptionRepository;

@ApplicationScoped
public class JpaSubscriptionRepository implements SubscriptionRepository {

    @PersistenceContext(unitName = "postroom")
    private EntityManager em;

    protected JpaSubscriptionRepository() {
    }

    /** For use outside the container (tests, tools). */
    public JpaSubscriptionRepository(EntityManager em) {
        this.em = em;
    }

    @Override
    public Set<String> subscriptions(Account account) {
        Set<String> names = new TreeSet<>(em
                .createQuery("SELECT f.name FROM Folder f WHERE f.account = :a AND f.subscribed = TRUE", String.class)
                .setParameter("a", account)
                .getResultList());
        names.addAll(em.createQuery("SELECT s.name FROM Subscription s WHERE s.accountId = :a", String.class)
                .setParameter("a", account.getId())
                .getResultList());
        return names;
    }

    @Override
    public void subscribe(Account account, String name, boolean subscribed) {
        Optional<Folder> folder = JpaFolderRepository.folder(em, account, name);
        Subscription.Key key = new Subscription.Key(account.getId(), name);
        Subscription row = em.find(Subscription.class, key);
        if (folder.isPresent()) {
            folder.get().setSubscribed(subscribed);
            if (row != null) {
                em.remove(row);
            }
        } else if (subscribed && row == null) {
            em.persist(new Subscription(account.getId(), name));
        } else if (!subscribed && row != null) {
            em.remove(row);
        }
    }
}
