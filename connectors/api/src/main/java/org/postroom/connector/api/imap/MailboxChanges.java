package org.postroom.connector.api.imap;

import java.util.List;

/**
 * What changed in a mailbox after a modification sequence, by any session or delivery.
 *
 * @param highestModSeq the mailbox's modification sequence now: pass it to the next
 *            {@link MailboxSessionListener#changesSince}
 * @param added messages added since, ascending UID order, with their current flags and whether this session is the
 *            first to see them ({@link MessageFlags#recent()})
 * @param flagsChanged messages present before whose flags changed since, with their current flags
 * @param expunged UIDs expunged since (possibly also ones the caller never saw)
 */
public record MailboxChanges(long highestModSeq, List<MessageFlags> added, List<MessageFlags> flagsChanged,
        List<Long> expunged) {

    public MailboxChanges {
        added = List.copyOf(added);
        flagsChanged = List.copyOf(flagsChanged);
        expunged = List.copyOf(expunged);
    }

    public boolean isEmpty() {
        return added.isEmpty() && flagsChanged.isEmpty() && expunged.isEmpty();
    }
}
