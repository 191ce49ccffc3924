package org.postroom.model.search;

import org.postroom.connector.api.imap.MessageFlags;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One message as {@link SearchEvaluator} sees it. The content is loaded only if a key needs it.
 *
 * @param uid the UID
 * @param flags its flags (as in {@link MessageFlags#flags()})
 * @param internalDate the internal date
 * @param size RFC822.SIZE
 * @param content the raw message (CRLF line ends), called at most once per evaluation
 */
public record SearchableMessage(long uid, Set<String> flags, OffsetDateTime internalDate, long size,
        Supplier<byte[]> content) {

    public SearchableMessage {
        flags = Set.copyOf(flags);
        Objects.requireNonNull(internalDate, "internalDate");
        Objects.requireNonNull(content, "content");
    }
}
