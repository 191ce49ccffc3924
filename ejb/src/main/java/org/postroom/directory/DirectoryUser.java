package org.postroom.directory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.postroom.domain.EmailAddress;

/**
 * A user entry of the corporate directory, as Postroom reads it.
 *
 * @param dn the entry's DN (what a login binds as)
 * @param primary the mailbox address ({@code mail}, or AD's {@code SMTP:} proxy address); empty: the user has no
 *        mailbox here
 * @param further the other addresses that deliver to the same mailbox, without the primary one
 * @param displayName the display name, or empty
 * @param disabled whether the directory disables the account (AD's ACCOUNTDISABLE bit, or the disabled filter)
 */
public record DirectoryUser(String dn, Optional<EmailAddress> primary, List<EmailAddress> further,
        Optional<String> displayName, boolean disabled) {

    public DirectoryUser {
        Objects.requireNonNull(dn, "dn");
        Objects.requireNonNull(primary, "primary");
        further = List.copyOf(further);
        Objects.requireNonNull(displayName, "displayName");
    }
}
