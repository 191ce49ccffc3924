package org.postroom.connector.api.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class UidSetTest {

    @Test
    void uidsAreSortedDeduplicatedAndMergedIntoRanges() {
        UidSet set = UidSet.of(7, 3, 4, 5, 5, 10, 9);
        assertEquals("3:5,7,9:10", set.toString());
        assertEquals(6, set.size());
        assertTrue(set.contains(4));
        assertFalse(set.contains(6));
        assertEquals(List.of(3L, 4L, 5L, 7L, 9L, 10L), set.stream().boxed().toList());
    }

    @Test
    void overlappingAndAdjacentRangesMerge() {
        UidSet set = UidSet.ofRanges(List.of(new UidSet.Range(10, 20), new UidSet.Range(1, 3),
                new UidSet.Range(4, 12)));
        assertEquals(List.of(new UidSet.Range(1, 20)), set.ranges());
        assertEquals(set, UidSet.range(1, 20));
    }

    @Test
    void aboveKeepsTheUidsGreaterThanTheGivenOne() {
        UidSet set = UidSet.of(3, 4, 5, 7, 9, 10);
        assertEquals("3:5,7,9:10", set.above(2).toString());
        assertEquals("5,7,9:10", set.above(4).toString());
        assertEquals("9:10", set.above(7).toString());
        assertEquals("9:10", set.above(8).toString());
        assertTrue(set.above(10).isEmpty());
        assertTrue(UidSet.EMPTY.above(1).isEmpty());
        assertEquals(UidSet.range(4_000_000_000L, 4_294_967_295L),
                UidSet.range(1, 4_294_967_295L).above(3_999_999_999L));
    }

    @Test
    void emptyAndInvalidSets() {
        assertTrue(UidSet.of().isEmpty());
        assertEquals("", UidSet.EMPTY.toString());
        assertThrows(IllegalArgumentException.class, () -> new UidSet.Range(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new UidSet.Range(5, 4));
    }

    @Test
    void hugeRangesCostOneRange() {
        UidSet all = UidSet.range(1, 4_294_967_295L);
        assertEquals(1, all.ranges().size());
        assertTrue(all.contains(4_000_000_000L));
    }
}
