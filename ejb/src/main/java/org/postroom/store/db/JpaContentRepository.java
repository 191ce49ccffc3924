package org.postroom.store.db;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.postroom.store.ContentRepository;
import org.postroom.store.MessageContent;

@ApplicationScoped
public class JpaContentRepository implements ContentRepository {

    @PersistenceContext(unitName = "postroom")
    private EntityManager em;

    protected JpaContentRepository() {
    }

    /** For use outside the container (tests, tools). */
    public JpaContentRepository(EntityManager em) {
        this.em = em;
    }

    @Override
    public MessageContent storeContent(byte[] data) {
        MessageContent content = new MessageContent(data, sha256(data), Instant.now());
        em.persist(content);
        return content;
    }

    @Override
    public long storeContentRow(byte[] data, Instant createdAt) {
        long id = Jdbc.nextId(em, MessageContent.class);
        try (PreparedStatement insert = Jdbc.connection(em).prepareStatement(
                "INSERT INTO PR_CONTENT (ID, CREATED_AT, DATA, SHA256, SIZE_BYTES) VALUES (?, ?, ?, ?, ?)")) {
            insert.setLong(1, id);
            insert.setLong(2, createdAt.toEpochMilli());
            insert.setBytes(3, data);
            insert.setString(4, sha256(data));
            insert.setLong(5, data.length);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw Jdbc.failed("storing message content", e);
        }
        return id;
    }

    @Override
    public MessageContent contentReference(long contentId) {
        return em.getReference(MessageContent.class, contentId);
    }

    @Override
    public Map<Long, byte[]> contentsById(Collection<Long> contentIds) {
        Map<Long, byte[]> found = new HashMap<>();
        List<Long> ids = List.copyOf(new LinkedHashSet<>(contentIds));
        for (int from = 0; from < ids.size(); from += UnreferencedContent.CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + UnreferencedContent.CHUNK));
            em.createQuery("SELECT c.id, c.data FROM MessageContent c WHERE c.id IN :ids", Object[].class)
                    .setParameter("ids", chunk)
                    .getResultList()
                    .forEach(row -> found.put(((Number) row[0]).longValue(), (byte[]) row[1]));
        }
        return found;
    }

    @Override
    public int purgeUnreferencedContent(int limit) {
        List<Long> ids = em.createQuery("SELECT c.id FROM MessageContent c WHERE NOT EXISTS"
                + " (SELECT m FROM MailMessage m WHERE m.content = c) AND NOT EXISTS"
                + " (SELECT j FROM QueueJob j WHERE j.content = c) ORDER BY c.id", Long.class)
                .setMaxResults(limit)
                .getResultList();
        UnreferencedContent.purge(em, ids);
        return ids.size();
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
