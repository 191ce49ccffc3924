package org.postroom.connector.api.imap;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A mailbox as SELECT or EXAMINE opened it: everything the engine needs to number messages, and the point from
 * which it asks for changes.
 *
 * @param key the folder's id and UIDVALIDITY, which later calls name and which the adapter uses to route change
 *            events to the sessions that have the mailbox selected
 * @param name the mailbox name as stored
 * @param uidValidity RFC 3501 UIDVALIDITY
 * @param uidNext the UID the next message will get
 * @param highestModSeq the mailbox's modification sequence when this snapshot was taken: {@link
 *            MailboxSessionListener#changesSince} from here returns exactly what happened after it
 * @param messages every message, in ascending UID order (message sequence numbers are positions here, from 1)
 * @param flags the flags defined in the mailbox (the FLAGS response): the system flags and the keywords in use
 * @param permanentFlags the flags a client can change permanently; {@code \*} when it may create keywords
 * @param readOnly the mailbox can only be read (EXAMINE, or no write permission)
 */
public record MailboxSnapshot(MailboxKey key, String name, long uidValidity, long uidNext, long highestModSeq,
        List<MessageFlags> messages, Set<String> flags, Set<String> permanentFlags, boolean readOnly) {

    public MailboxSnapshot {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(name, "name");
        messages = List.copyOf(messages);
        flags = Set.copyOf(flags);
        permanentFlags = Set.copyOf(permanentFlags);
        for (int i = 1; i < messages.size(); i++) {
            if (messages.get(i).uid() <= messages.get(i - 1).uid()) {
                throw new IllegalArgumentException("messages must be in ascending UID order");
            }
        }
    }
}
