package org.postroom.store;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** The MIME structure of stored message content, one row per content. */
public interface StructureRepository {

    Optional<MessageStructureRecord> find(long contentId);

    /** The structures of those of {@code contentIds} that have one, by content id (one FETCH of many messages). */
    Map<Long, MessageStructureRecord> find(Collection<Long> contentIds);

    MessageStructureRecord add(MessageStructureRecord structure);

    /**
     * {@link #add} with one plain statement, written at once (the delivery path, ADR 0019); the content must be in the
     * database already.
     */
    void addRow(MessageStructureRecord structure);
}
