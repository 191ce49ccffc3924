package org.postroom.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

    @Test
    void messagesShareTheBudgetAndGiveItBack() throws Exception {
        MemoryBudget budget = new MemoryBudget(10 * 1024);
        Optional<MemoryBudget.Lease> six = budget.tryAcquire(6 * 1024, Duration.ZERO);
        assertTrue(six.isPresent());
        assertTrue(budget.tryAcquire(5 * 1024, Duration.ofMillis(20)).isEmpty(), "over the budget: refused");
        six.get().close();
        six.get().close();
        assertEquals(10, budget.availableKib(), "closing twice gives back once");
        assertTrue(budget.tryAcquire(5 * 1024, Duration.ZERO).isPresent());
    }

    @Test
    void messageLargerThanTheWholeBudgetIsAcceptedWhenAlone() throws Exception {
        MemoryBudget budget = new MemoryBudget(4 * 1024);
        try (MemoryBudget.Lease big = budget.tryAcquire(1 << 20, Duration.ZERO).orElseThrow()) {
            assertEquals(0, budget.availableKib());
            assertTrue(budget.tryAcquire(1, Duration.ZERO).isEmpty());
        }
        assertEquals(4, budget.availableKib());
    }

    @Test
    void aWaitingMessageGetsRoomWhenAnotherFinishes() throws Exception {
        MemoryBudget budget = new MemoryBudget(2 * 1024);
        MemoryBudget.Lease first = budget.tryAcquire(2 * 1024, Duration.ZERO).orElseThrow();
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            first.close();
        });
        releaser.start();
        assertTrue(budget.tryAcquire(1024, Duration.ofSeconds(5)).isPresent());
        releaser.join();
    }

    @Test
    void nonsenseSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MemoryBudget(100));
        assertThrows(IllegalArgumentException.class, () -> new MemoryBudget(4096).tryAcquire(-1, Duration.ZERO));
    }
}
