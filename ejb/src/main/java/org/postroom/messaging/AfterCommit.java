package org.postroom.messaging;

import java.util.Collection;
import java.util.function.Consumer;
import java.util.function.Supplier;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Items gathered while a transaction runs and handed on once, after it committed (never after a rollback): the
 * mechanism of {@link MailboxChangeNotifier} and the outbound kick.
 */
public final class AfterCommit {

    private AfterCommit() {
    }

    /**
     * Adds {@code item} to the collection this caller keeps under {@code key} for the current transaction; the first
     * item of a transaction makes the collection and registers {@code onCommit}, which gets it after the commit.
     *
     * @return false when there is no transaction (nothing is kept: the caller decides what to do now)
     */
    public static <T, C extends Collection<T>> boolean add(TransactionSynchronizationRegistry registry, Object key,
            T item, Supplier<C> newCollection, Consumer<C> onCommit) {
        if (registry == null || registry.getTransactionKey() == null) {
            return false;
        }
        @SuppressWarnings("unchecked")
        C pending = (C) registry.getResource(key);
        if (pending == null) {
            C items = newCollection.get();
            registry.putResource(key, items);
            registry.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        onCommit.accept(items);
                    }
                }
            });
            pending = items;
        }
        pending.add(item);
        return true;
    }
}
