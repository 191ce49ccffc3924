package org.postroom.store.jpa;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import org.postroom.store.Account;
import org.postroom.store.Folder;
import org.postroom.store.MailMessage;
import org.postroom.store.MailboxRepository;
import org.postroom.store.MessageContent;

@ApplicationScoped
public class JpaMailboxRepository implements MailboxRepository {

    @PersistenceContext(unitName = "postroom")
    private EntityManager em;

    protected JpaMailboxRepository() {
    }

    /** For use outside the container (tests, tools). */
    public JpaMailboxRepository(EntityManager em) {
        this.em = em;
    }

    @Override
    public List<Folder> folders(Account account) {
        return em.createQuery("SELECT f FROM Folder f WHERE f.account = :a ORDER BY f.name", Folder.class)
                .setParameter("a", account)
                .getResultList();
    }

    @Override
    public Optional<Folder> folder(Account account, String name) {
        return em.createQuery("SELECT f FROM Folder f WHERE f.account = :a AND f.name = :name", Folder.class)
                .setParameter("a", account)
                .setParameter("name", name)
                .getResultStream()
                .findFirst();
    }

    @Override
    public Folder addFolder(Folder folder) {
        em.persist(folder);
        return folder;
    }

    @Override
    public MessageContent storeContent(byte[] data) {
        MessageContent content = new MessageContent(data, sha256(data), Instant.now());
        em.persist(content);
        return content;
    }

    @Override
    public Optional<Folder> lockFolder(Account account, String name) {
        return em.createQuery("SELECT f FROM Folder f WHERE f.account = :a AND f.name = :name", Folder.class)
                .setParameter("a", account)
                .setParameter("name", name)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream()
                .findFirst();
    }

    @Override
    public MailMessage append(Folder folder, MessageContent content, Instant internalDate, int systemFlags) {
        em.flush();
        Folder locked = em.find(Folder.class, folder.getId(), LockModeType.PESSIMISTIC_WRITE);
        return appendLocked(locked, content, internalDate, systemFlags);
    }

    @Override
    public MailMessage appendLocked(Folder lockedFolder, MessageContent content, Instant internalDate,
            int systemFlags) {
        long uid = lockedFolder.allocateUid();
        MailMessage message = new MailMessage(lockedFolder, uid, content, internalDate, systemFlags);
        em.persist(message);
        return message;
    }

    @Override
    public java.util.Map<Long, Long> messageCounts(Account account) {
        java.util.Map<Long, Long> counts = new java.util.HashMap<>();
        em.createQuery(
                "SELECT m.folder.id, COUNT(m) FROM MailMessage m WHERE m.folder.account = :a GROUP BY m.folder.id",
                Object[].class).setParameter("a", account).getResultList()
                .forEach(row -> counts.put(((Number) row[0]).longValue(), ((Number) row[1]).longValue()));
        return counts;
    }

    @Override
    public List<MailMessage> messages(Folder folder) {
        return em.createQuery("SELECT m FROM MailMessage m WHERE m.folder = :f ORDER BY m.uid", MailMessage.class)
                .setParameter("f", folder)
                .getResultList();
    }

    @Override
    public Map<Long, byte[]> contents(Folder folder, Collection<Long> messageIds) {
        Map<Long, byte[]> found = new HashMap<>();
        List<Long> ids = List.copyOf(new LinkedHashSet<>(messageIds));
        for (int from = 0; from < ids.size(); from += UnreferencedContent.CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + UnreferencedContent.CHUNK));
            em.createQuery(
                    "SELECT m.id, c.data FROM MailMessage m JOIN m.content c WHERE m.folder = :f AND m.id IN :ids",
                    Object[].class)
                    .setParameter("f", folder)
                    .setParameter("ids", chunk)
                    .getResultList()
                    .forEach(row -> found.put(((Number) row[0]).longValue(), (byte[]) row[1]));
        }
        return found;
    }

    @Override
    public Optional<MailMessage> message(Folder folder, long messageId) {
        MailMessage message = em.find(MailMessage.class, messageId);
        return message != null && message.getFolder().getId().equals(folder.getId())
                ? Optional.of(message)
                : Optional.empty();
    }

    @Override
    public int remove(Folder folder, Collection<Long> messageIds) {
        List<Long> ids = List.copyOf(new LinkedHashSet<>(messageIds));
        int removed = 0;
        List<Long> contentIds = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += UnreferencedContent.CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + UnreferencedContent.CHUNK));
            contentIds.addAll(em
                    .createQuery("SELECT DISTINCT m.content.id FROM MailMessage m WHERE m.folder = :f AND m.id IN :ids",
                            Long.class)
                    .setParameter("f", folder)
                    .setParameter("ids", chunk)
                    .getResultList());
            removed += em.createQuery("DELETE FROM MailMessage m WHERE m.folder = :f AND m.id IN :ids")
                    .setParameter("f", folder)
                    .setParameter("ids", chunk)
                    .executeUpdate();
        }
        UnreferencedContent.purge(em, contentIds);
        return removed;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

}
