package org.postroom.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class HandedOffJobsTest {

    @Test
    void settledJobsNeedNoMarkAndTheRestAreTakenOnce() {
        HandedOffJobs handedOff = new HandedOffJobs();
        handedOff.handedOff(1);
        handedOff.handedOff(2);
        handedOff.handedOff(3);
        handedOff.settled(2); // delivered before the sweep: the sweeper never looks at it
        assertEquals(Set.of(1L, 3L), Set.copyOf(handedOff.takeUnmarked()));
        assertEquals(List.of(), handedOff.takeUnmarked());
    }

    @Test
    void marksThatCouldNotBeWrittenAreKeptForTheNextSweep() {
        HandedOffJobs handedOff = new HandedOffJobs();
        handedOff.handedOff(5);
        List<Long> taken = handedOff.takeUnmarked();
        assertFalse(handedOff.contains(5));
        handedOff.restore(taken);
        assertTrue(handedOff.contains(5));
    }
}
