package org.postroom.connector.api.imap;

import java.util.Objects;
import java.util.Set;

/**
 * One mailbox of a user, as LIST shows it.
 *
 * @param name the full name, Unicode, hierarchy levels separated by {@link MailboxSessionListener#DELIMITER}; the
 *            inbox is {@code INBOX}
 * @param attributes its attributes; the store includes {@code \HasChildren} or {@code \HasNoChildren} and any
 *            special use
 * @param subscribed whether the user subscribed to it
 */
public record MailboxInfo(String name, Set<MailboxAttribute> attributes, boolean subscribed) {

    public MailboxInfo {
        Objects.requireNonNull(name, "name");
        attributes = Set.copyOf(attributes);
    }
}
