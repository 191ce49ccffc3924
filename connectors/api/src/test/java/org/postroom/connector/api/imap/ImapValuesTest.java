package org.postroom.connector.api.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The IMAP listener values keep their invariants. */
class ImapValuesTest {

    @Test
    void systemFlagsAreCanonicalAndUnknownBackslashFlagsRefused() {
        assertEquals(Optional.of(ImapFlags.SEEN), ImapFlags.canonical("\\SEEN"));
        assertEquals(Optional.of("$Junk"), ImapFlags.canonical("$Junk"));
        assertEquals(Optional.empty(), ImapFlags.canonical("\\Bogus"));
    }

    @Test
    void snapshotMessagesMustAscend() {
        assertThrows(IllegalArgumentException.class, () -> new MailboxSnapshot(new MailboxKey(1, 1), "INBOX", 1, 3, 1,
                List.of(MessageFlags.of(2, Set.of()), MessageFlags.of(1, Set.of())), Set.of(), Set.of(), false));
    }

    @Test
    void copyResultListsHaveEqualLength() {
        assertThrows(IllegalArgumentException.class, () -> new CopyResult(1, List.of(1L, 2L), List.of(5L)));
    }

    @Test
    void specialUseAttributesAreTheRfc6154Ones() {
        assertTrue(MailboxAttribute.TRASH.isSpecialUse());
        assertEquals("\\HasNoChildren", MailboxAttribute.HAS_NO_CHILDREN.imap());
        assertEquals("TRYCREATE", MailboxException.Reason.TRY_CREATE.responseCode());
    }
}
