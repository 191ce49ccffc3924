package org.postroom.connector.api.imap;

import java.util.Set;

/**
 * One message's UID and flags.
 *
 * @param uid the message UID
 * @param flags system flags spelled as in {@link ImapFlags} ({@code \Seen}) and keywords as stored; never
 *            {@code \Recent}, which is per session
 * @param recent in a {@link MailboxSnapshot} or in {@link MailboxChanges#added()}: this session is the first to see
 *            the message, so it is {@code \Recent} here (RFC 3501 section 2.3.2); {@code false} elsewhere
 */
public record MessageFlags(long uid, Set<String> flags, boolean recent) {

    public MessageFlags {
        if (uid < 1) {
            throw new IllegalArgumentException("uid must be positive: " + uid);
        }
        flags = Set.copyOf(flags);
    }

    public static MessageFlags of(long uid, Set<String> flags) {
        return new MessageFlags(uid, flags, false);
    }
}
