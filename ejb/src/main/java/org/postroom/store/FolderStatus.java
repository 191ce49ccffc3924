package org.postroom.store;

/** What STATUS tells of a folder, as its row holds it (ADR 0075). */
public record FolderStatus(long messages, long recent, long uidNext, long uidValidity, long unseen,
        long highestModSeq) {
}
