package org.postroom.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.junit.jupiter.api.Test;

class AfterCommitTest {

    /** One transaction's registry: its resources and its synchronizations, ended by {@link #end}. */
    static final class Registry implements TransactionSynchronizationRegistry {
        Object key = new Object();
        final Map<Object, Object> resources = new HashMap<>();
        final List<Synchronization> synchronizations = new ArrayList<>();

        void end(int status) {
            synchronizations.forEach(s -> s.afterCompletion(status));
        }

        @Override
        public Object getTransactionKey() {
            return key;
        }

        @Override
        public void putResource(Object k, Object value) {
            resources.put(k, value);
        }

        @Override
        public Object getResource(Object k) {
            return resources.get(k);
        }

        @Override
        public void registerInterposedSynchronization(Synchronization sync) {
            synchronizations.add(sync);
        }

        @Override
        public int getTransactionStatus() {
            return Status.STATUS_ACTIVE;
        }

        @Override
        public void setRollbackOnly() {
        }

        @Override
        public boolean getRollbackOnly() {
            return false;
        }
    }

    private static final Object KEY = new Object();

    @Test
    void itemsOfATransactionAreHandedOnOnceAfterItsCommitEachOnce() {
        Registry tx = new Registry();
        List<Set<String>> handed = new ArrayList<>();
        for (String item : List.of("a", "b", "a")) {
            assertTrue(AfterCommit.add(tx, KEY, item, LinkedHashSet::new, handed::add));
        }
        assertEquals(List.of(), handed, "nothing before the commit");
        assertEquals(1, tx.synchronizations.size());
        tx.end(Status.STATUS_COMMITTED);
        assertEquals(List.of(Set.of("a", "b")), handed);
        assertEquals(List.of("a", "b"), List.copyOf(handed.get(0)), "in the order they came");
    }

    @Test
    void aRollbackHandsNothingOn() {
        Registry tx = new Registry();
        List<Set<String>> handed = new ArrayList<>();
        AfterCommit.add(tx, KEY, "a", LinkedHashSet::new, handed::add);
        tx.end(Status.STATUS_ROLLEDBACK);
        assertEquals(List.of(), handed);
    }

    @Test
    void withoutATransactionNothingIsKept() {
        Registry none = new Registry();
        none.key = null;
        List<Set<String>> handed = new ArrayList<>();
        assertFalse(AfterCommit.add(none, KEY, "a", LinkedHashSet::new, handed::add));
        assertFalse(AfterCommit.add(null, KEY, "a", LinkedHashSet::new, handed::add));
        assertTrue(none.synchronizations.isEmpty());
    }
}
