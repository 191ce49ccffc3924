package org.postroom.store.jpa;

import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Deletes message content (and what was computed from it: envelope, MIME structure) once no message and no queue job refers to it any more:
 * content is stored once and shared, so whoever removes messages calls this with the content ids they referred to.
 */
final class UnreferencedContent {

    /** Keeps IN lists well below every database's parameter limit. */
    static final int CHUNK = 500;

    private UnreferencedContent() {
    }

    static void purge(EntityManager em, Collection<Long> contentIds) {
        List<Long> ids = new ArrayList<>(contentIds);
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            String unreferenced = " c.id IN :ids AND NOT EXISTS (SELECT m FROM MailMessage m WHERE m.content = c)"
                    + " AND NOT EXISTS (SELECT j FROM QueueJob j WHERE j.content = c)";
            em.createQuery("DELETE FROM MessageStructureRecord s WHERE s.contentId IN"
                    + " (SELECT c.id FROM MessageContent c WHERE" + unreferenced + ")")
                    .setParameter("ids", chunk)
                    .executeUpdate();
            em.createQuery("DELETE FROM MessageEnvelope e WHERE e.contentId IN"
                    + " (SELECT c.id FROM MessageContent c WHERE" + unreferenced + ")")
                    .setParameter("ids", chunk)
                    .executeUpdate();
            em.createQuery("DELETE FROM MessageContent c WHERE" + unreferenced)
                    .setParameter("ids", chunk)
                    .executeUpdate();
        }
    }
}
