package org.postroom.store.db;

import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.postroom.store.Account;
import org.postroom.store.Folder;
import org.postroom.store.FolderRepository;
import org.postroom.store.FolderStatus;

@ApplicationScoped
public class JpaFolderRepository implements FolderRepository {

    /**
     * Folder rows are read from the database, never from EclipseLink's shared cache: two commits that change one
     * folder can merge into the cache in the other order than they committed, leaving an older UID_NEXT or modseq
     * there for every later read that takes no lock (EXAMINE, STATUS, a session's polls). Found by
     * SharedMailboxStressContract (ADR 0022).
     */
    private static final String REFRESH = "eclipselink.refresh";

    @PersistenceContext(unitName = "postroom")
    private EntityManager em;

    @Resource(lookup = "jdbc/postroom")
    private DataSource dataSource;

    @Resource
    private TransactionSynchronizationRegistry transactions;

    protected JpaFolderRepository() {
    }

    /** For use outside the container (tests, tools). */
    public JpaFolderRepository(EntityManager em) {
        this.em = em;
    }

    @Override
    public List<Folder> folders(Account account) {
        return em.createQuery("SELECT f FROM Folder f WHERE f.account = :a ORDER BY f.name", Folder.class)
                .setParameter("a", account)
                .setHint(REFRESH, "true")
                .getResultList();
    }

    @Override
    public Optional<Folder> folder(Account account, String name) {
        return folder(em, account, name);
    }

    static Optional<Folder> folder(EntityManager em, Account account, String name) {
        return em.createQuery("SELECT f FROM Folder f WHERE f.account = :a AND f.name = :name", Folder.class)
                .setParameter("a", account)
                .setParameter("name", name)
                .setHint(REFRESH, "true")
                .getResultStream()
                .findFirst();
    }

    /** One indexed read with plain JDBC (ADR 0085): no entity, no JPQL, no unit of work. */
    @Override
    public Optional<FolderStatus> status(String accountAddress, String name) {
        Jdbc.Reads reads = dataSource == null ? null : new Jdbc.Reads(dataSource, transactions);
        return Jdbc.query(em, reads, STATUS_SQL,
                r -> new FolderStatus(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5),
                        r.getLong(6)),
                accountAddress, name).stream().findFirst();
    }

    private static final String STATUS_SQL = "SELECT f.MESSAGE_COUNT, f.RECENT_COUNT, f.UID_NEXT, f.UID_VALIDITY,"
            + " f.UNSEEN_COUNT, f.HIGHEST_MODSEQ FROM PR_FOLDER f JOIN PR_ACCOUNT a ON a.ID = f.ACCOUNT_ID"
            + " WHERE a.ADDRESS = ?1 AND f.NAME = ?2 AND f.NOSELECT = FALSE";

    @Override
    public Optional<Folder> folder(long folderId) {
        return Optional.ofNullable(em.find(Folder.class, folderId, java.util.Map.of(REFRESH, "true")));
    }

    @Override
    public Folder addFolder(Folder folder) {
        em.persist(folder);
        return folder;
    }

    @Override
    public Folder lock(Folder folder) {
        return lock(em, folder);
    }

    static Folder lock(EntityManager em, Folder folder) {
        em.flush();
        Folder locked = em.find(Folder.class, folder.getId());
        if (locked == null) {
            throw new IllegalStateException("folder " + folder.getId() + " no longer exists");
        }
        em.refresh(locked, LockModeType.PESSIMISTIC_WRITE);
        return locked;
    }

    @Override
    public Optional<Folder> lockFolder(long accountId, String name) {
        return em.createQuery("SELECT f FROM Folder f WHERE f.account.id = :a AND f.name = :name", Folder.class)
                .setParameter("a", accountId)
                .setParameter("name", name)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream()
                .findFirst();
    }

    @Override
    public void removeFolder(Folder folder) {
        em.createQuery("DELETE FROM ExpungedMessage e WHERE e.folderId = :f")
                .setParameter("f", folder.getId())
                .executeUpdate();
        em.createQuery("DELETE FROM Folder f WHERE f.id = :f").setParameter("f", folder.getId()).executeUpdate();
    }
}
