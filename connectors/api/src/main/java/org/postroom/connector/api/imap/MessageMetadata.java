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
 * @param envelope the ENVELOPE exactly as FETCH sends it (RFC 3501 section 7.4.2, {@code (date subject ...)}),
 *            computed when the message was stored ({@link MailboxSessionListener#fetchEnvelopes}), or {@code null}
 */
public record MessageMetadata(long uid, Set<String> flags, OffsetDateTime internalDate, long size,
        MessageStructure structure, byte[] envelope) {

    public MessageMetadata {
        Objects.requireNonNull(internalDate, "internalDate");
        flags = Set.copyOf(flags);
    }

    /** Without a stored ENVELOPE form. */
    public MessageMetadata(long uid, Set<String> flags, OffsetDateTime internalDate, long size,
            MessageStructure structure) {
        this(uid, flags, internalDate, size, structure, null);
    }
}
