package org.postroom.store;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/** Message content: the stored octets, once per message however many folders hold it, and their envelope headers. */
public interface ContentRepository {

    /** Stores raw message bytes once as an entity (IMAP APPEND); messages then reference the returned content. */
    MessageContent storeContent(byte[] data);

    /**
     * Stores raw message bytes once with one plain statement (the SMTP acceptance path, ADR 0019), in the caller's
     * transaction, and returns the new content's id; it then reads like content stored by {@link #storeContent}.
     */
    long storeContentRow(byte[] data, Instant createdAt);

    /** A reference to a stored content by id, to point an entity at it without reading it. */
    MessageContent contentReference(long contentId);

    /**
     * The stored octets of these contents ({@link MessageRow#contentId()}), by content id, read by primary key without
     * joining the messages, one query per chunk of ids, as a projection (no entities: the content entity's bytes would
     * be loaded lazily, one query each). For FETCH BODY[], SEARCH and delivery (ADR 0019); ids that do not exist, or
     * contents deleted meanwhile, are left out.
     */
    Map<Long, byte[]> contentsById(Collection<Long> contentIds);

    /**
     * Deletes up to {@code limit} contents that no message and no queue job refers to any more, with their envelope
     * and structure; the background sweep calls it in its own transaction.
     *
     * @return how many were deleted (less than {@code limit}: none are left)
     */
    int purgeUnreferencedContent(int limit);
}
