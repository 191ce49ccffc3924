package org.postroom.connector.api.imap;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Set;
import org.postroom.connector.api.mime.MessageStructure;

/**
 * What FETCH needs of one message without its content.
 *
 * @param uid the UID
 * @param flags current flags (as in {@link MessageFlags#flags()})
 * @param internalDate the INTERNALDATE (delivery or APPEND date), with the offset to show
 * @param size RFC822.SIZE: the stored octets, CRLF line ends
 * @param structure the precomputed structure, or {@code null} when the caller did not ask for it
 */
public record MessageMetadata(long uid, Set<String> flags, OffsetDateTime internalDate, long size,
        MessageStructure structure) {

    public MessageMetadata {
        Objects.requireNonNull(internalDate, "internalDate");
        flags = Set.copyOf(flags);
    }
}
