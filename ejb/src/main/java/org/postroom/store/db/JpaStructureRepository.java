package org.postroom.store.db;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.postroom.store.MessageStructureRecord;
import org.postroom.store.StructureRepository;

@ApplicationScoped
public class JpaStructureRepository implements StructureRepository {

    /** Ids per IN list: well below every database's limit on bound parameters. */
    static final int BATCH = 1000;

    @PersistenceContext(unitName = "postroom")
    private EntityManager em;

    protected JpaStructureRepository() {
    }

    /** For use outside the container (tests, tools). */
    public JpaStructureRepository(EntityManager em) {
        this.em = em;
    }

    @Override
    public Optional<MessageStructureRecord> find(long contentId) {
        return Optional.ofNullable(em.find(MessageStructureRecord.class, contentId));
    }

    @Override
    public Map<Long, MessageStructureRecord> find(Collection<Long> contentIds) {
        List<Long> ids = contentIds.stream().distinct().toList();
        Map<Long, MessageStructureRecord> found = new HashMap<>();
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<Long> chunk = new ArrayList<>(ids.subList(from, Math.min(ids.size(), from + BATCH)));
            // a projection: no managed entity per row (FETCH ENVELOPE of a large mailbox)
            for (Object[] r : em
                    .createQuery("SELECT s.contentId, s.data FROM MessageStructureRecord s WHERE s.contentId IN :ids",
                            Object[].class)
                    .setParameter("ids", chunk)
                    .getResultList()) {
                long id = ((Number) r[0]).longValue();
                found.put(id, MessageStructureRecord.stored(id, (byte[]) r[1]));
            }
        }
        return found;
    }

    @Override
    public MessageStructureRecord add(MessageStructureRecord structure) {
        em.persist(structure);
        return structure;
    }

    @Override
    public void addRow(MessageStructureRecord structure) {
        try (PreparedStatement insert = Jdbc.connection(em)
                .prepareStatement("INSERT INTO PR_STRUCTURE (CONTENT_ID, DATA) VALUES (?, ?)")) {
            insert.setLong(1, structure.getContentId());
            insert.setBytes(2, structure.encoded());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw Jdbc.failed("storing the structure of content " + structure.getContentId(), e);
        }
    }
}
