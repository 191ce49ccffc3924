package org.postroom.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class PendingDeliveriesTest {

    @Test
    void oldestJobsAreTakenOnceAndAClaimedJobIsNeverTaken() {
        PendingDeliveries pending = new PendingDeliveries();
        for (long id = 1; id <= 5; id++) {
            pending.add(id);
        }
        pending.claim(2); // its own message is being delivered
        assertEquals(List.of(1L, 3L), pending.takeOldest(2));
        assertEquals(List.of(4L, 5L), pending.takeOldest(10));
        assertEquals(List.of(), pending.takeOldest(10));
    }

    @Test
    void jobsGivenBackAfterAFailedBatchCanBeTakenAgain() {
        PendingDeliveries pending = new PendingDeliveries();
        pending.add(7);
        pending.add(8);
        List<Long> taken = pending.takeOldest(2);
        pending.giveBack(taken);
        assertEquals(2, pending.size());
        assertEquals(List.of(7L, 8L), pending.takeOldest(5));
    }

    @Test
    void aLargeJobIsNotTakenIntoAnotherDeliverysBatch() {
        PendingDeliveries pending = new PendingDeliveries();
        pending.add(1, 10_000);
        pending.add(2, 50L << 20);
        pending.add(3, PendingDeliveries.MAX_BATCHED_BYTES);
        assertEquals(java.util.List.of(1L, 3L), pending.takeOldest(16));
    }
}
