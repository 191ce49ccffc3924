package org.postroom.store.db;

import jakarta.persistence.EntityManager;
import org.postroom.store.MessageContent;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Deletes message content (and what was computed from it: envelope, MIME structure) once no message and no queue
 * job refers to it any more: content is stored once and shared, so whoever removes messages calls this with the
 * content ids they referred to.
 */
final class UnreferencedContent {

    /** Keeps IN lists well below every database's parameter limit. */
    static final int CHUNK = 500;

    private UnreferencedContent() {
    }

    static void purge(EntityManager em, Collection<Long> contentIds) {
        List<Long> ids = new ArrayList<>(contentIds);
        String unreferenced = " NOT EXISTS (SELECT m FROM MailMessage m WHERE m.content = c)"
                + " AND NOT EXISTS (SELECT j FROM QueueJob j WHERE j.content = c)";
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            // Which of them nobody refers to, first, then plain IN-list deletes: with the check as a subquery of the
            // envelope and structure deletes, the embedded database of earlier builds evaluated it for every row of those tables (minutes of CPU for a
            // batch of 200 in a 10,000-message store). A message that takes the content again between these
            // statements keeps the content row (the last delete checks again); its structure is then recomputed on
            // demand, as for any content without one.
            List<Long> gone = em.createQuery("SELECT c.id FROM MessageContent c WHERE c.id IN :ids AND" + unreferenced,
                    Long.class)
                    .setParameter("ids", chunk)
                    .getResultList();
            if (gone.isEmpty()) {
                continue;
            }
            em.createQuery("DELETE FROM MessageStructureRecord s WHERE s.contentId IN :ids")
                    .setParameter("ids", gone)
                    .executeUpdate();
            em.createQuery("DELETE FROM MessageHeaderFields e WHERE e.contentId IN :ids")
                    .setParameter("ids", gone)
                    .executeUpdate();
            deleteIfUnreferenced(em, gone);
        }
    }

    /**
     * One statement per content id, batched, each checking again that nobody refers to it: with the id a constant,
     * the checks are index probes. As one statement over an IN list, the embedded database of earlier builds answered the NOT EXISTS checks by hashing
     * the whole message table each time (40 % of the server's CPU under a mixed IMAP load). The rows go around
     * EclipseLink, so its cache of content entities is dropped after.
     */
    private static void deleteIfUnreferenced(EntityManager em, List<Long> ids) {
        try (PreparedStatement delete = Jdbc.connection(em).prepareStatement("DELETE FROM PR_CONTENT WHERE ID = ?"
                + " AND NOT EXISTS (SELECT 1 FROM PR_MESSAGE WHERE CONTENT_ID = ?)"
                + " AND NOT EXISTS (SELECT 1 FROM PR_QUEUE_JOB WHERE CONTENT_ID = ?)")) {
            for (long id : ids) {
                delete.setLong(1, id);
                delete.setLong(2, id);
                delete.setLong(3, id);
                delete.addBatch();
            }
            delete.executeBatch();
        } catch (SQLException e) {
            throw Jdbc.failed("deleting unreferenced content", e);
        }
        em.getEntityManagerFactory().getCache().evict(MessageContent.class);
    }
}
