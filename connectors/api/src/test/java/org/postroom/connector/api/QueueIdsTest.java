package org.postroom.connector.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class QueueIdsTest {

    @Test
    void idsAreEighteenCrockfordBase32Characters() {
        String id = QueueIds.next();
        assertEquals(18, id.length());
        assertTrue(id.chars().allMatch(c -> QueueIds.ALPHABET.indexOf(c) >= 0), id);
        assertTrue(QueueIds.isWellFormed(id));
    }

    @Test
    void manyIdsMadeAtOnceAreUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertTrue(seen.add(QueueIds.next()));
        }
    }

    @Test
    void idsSortByCreationTime() {
        String earlier = QueueIds.of(1_700_000_000_000L, -1L);
        String later = QueueIds.of(1_700_000_000_001L, 0L);
        assertTrue(earlier.compareTo(later) < 0, earlier + " < " + later);
    }

    @Test
    void encodingIsExact() {
        assertEquals("000000000000000000", QueueIds.of(0, 0));
        assertEquals("0000000001ZZZZZZZZ", QueueIds.of(1, -1L));
    }

    @Test
    void malformedIdsAreRecognised() {
        assertFalse(QueueIds.isWellFormed(null));
        assertFalse(QueueIds.isWellFormed("short"));
        assertFalse(QueueIds.isWellFormed("0000000000000000OI"), "O and I are not in the alphabet");
        assertFalse(QueueIds.isWellFormed("../../../etc/passw"));
    }

    @Test
    void timeOutOfRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> QueueIds.of(-1, 0));
    }
}
