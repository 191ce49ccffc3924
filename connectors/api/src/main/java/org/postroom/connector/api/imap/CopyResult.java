package org.postroom.connector.api.imap;

import java.util.List;

/**
 * The RFC 4315 COPYUID data of a COPY or MOVE: {@code sourceUids.get(i)} became {@code destinationUids.get(i)}.
 * Source UIDs that no longer existed are left out.
 */
public record CopyResult(long destinationUidValidity, List<Long> sourceUids, List<Long> destinationUids) {

    public CopyResult {
        sourceUids = List.copyOf(sourceUids);
        destinationUids = List.copyOf(destinationUids);
        if (sourceUids.size() != destinationUids.size()) {
            throw new IllegalArgumentException("source and destination UID lists differ in length");
        }
    }
}
