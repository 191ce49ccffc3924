package org.postroom.protocol.imap;

import java.util.List;

/**
 * An IMAP sequence set as the client wrote it (RFC 3501 section 9): ranges whose ends may be {@code *} (stored as
 * {@link #STAR}), in either order. Resolved against a mailbox by {@link SelectedMailbox}.
 */
record SequenceSet(List<Range> ranges) {

    static final long STAR = -1;

    record Range(long from, long to) {
    }

    SequenceSet {
        ranges = List.copyOf(ranges);
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("empty sequence set");
        }
    }
}
