package org.postroom.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DeliveryBacklogTest {

    @Test
    void countsAcceptedMinusSettledAndNeverGoesNegative() {
        DeliveryBacklog backlog = new DeliveryBacklog();
        backlog.accepted();
        backlog.accepted();
        backlog.settled();
        assertEquals(1, backlog.size());
        backlog.settled();
        backlog.settled(); // a job accepted before a restart, settled after it
        assertEquals(0, backlog.size());
    }

    @Test
    void resyncTakesTheDatabaseCountAndKeepsCountingFromThere() {
        DeliveryBacklog backlog = new DeliveryBacklog();
        for (int i = 0; i < 5; i++) {
            backlog.accepted();
        }
        backlog.resync(() -> 42); // e.g. jobs left from before a restart, or settled by another server
        assertEquals(42, backlog.size());
        backlog.accepted();
        backlog.settled();
        backlog.settled();
        assertEquals(41, backlog.size());
    }
}
