package org.postroom.directory;

import java.util.Objects;

import org.postroom.domain.EmailAddress;

/** What the corporate directory says of one address. */
public sealed interface DirectoryRecipient {

    /** An enabled user with a mailbox: {@code address} is its primary address or one of its further ones. */
    record Mailbox(DirectoryUser user, EmailAddress primary) implements DirectoryRecipient {
        public Mailbox {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(primary, "primary");
        }
    }

    /** A user the directory disables: its addresses take no mail (550 5.1.1). */
    record Disabled(String dn) implements DirectoryRecipient {
        public Disabled {
            Objects.requireNonNull(dn, "dn");
        }
    }

    /** A group with this mail address: a distribution group, expanded at delivery. */
    record Group(String dn) implements DirectoryRecipient {
        public Group {
            Objects.requireNonNull(dn, "dn");
        }
    }

    /** The directory knows no user or group with this address. */
    record Unknown() implements DirectoryRecipient {
    }
}
