package org.postroom.connector.api.imap;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * "This mailbox changed": how the store wakes the IMAP sessions that have it selected (IDLE, and the updates other
 * sessions see), inside one server. The store publishes a {@link MailboxSnapshot#key()} after the transaction that
 * changed the mailbox committed (new message, flags, expunge); the resource adapter subscribes and, for each session
 * with that key selected, calls the engine's {@code mailboxChanged()} on the session's own executor. The event
 * carries no data: sessions ask {@link MailboxSessionListener#changesSince} what changed.
 *
 * <p>
 * This class lives in the listener API, which both the adapter and the business side load from the adapter's
 * archive, so they share one instance per server. With several servers, a topic subscriber on each server calls
 * {@link #publish} for changes made elsewhere (ADR 16).
 */
public final class MailboxEvents {

    private static final Logger LOG = Logger.getLogger(MailboxEvents.class.getName());
    private static final List<Consumer<MailboxKey>> SUBSCRIBERS = new CopyOnWriteArrayList<>();

    private MailboxEvents() {
    }

    /**
     * Tells every subscriber that the mailbox with this key changed. Call only after the change committed. Never
     * throws; subscribers must return quickly (hand the work to another thread).
     */
    public static void publish(MailboxKey mailboxKey) {
        Objects.requireNonNull(mailboxKey, "mailboxKey");
        for (Consumer<MailboxKey> subscriber : SUBSCRIBERS) {
            try {
                subscriber.accept(mailboxKey);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "mailbox event subscriber failed", e);
            }
        }
    }

    /** Adds a subscriber; returns what removes it again. */
    public static Runnable subscribe(Consumer<MailboxKey> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        SUBSCRIBERS.add(subscriber);
        return () -> SUBSCRIBERS.remove(subscriber);
    }
}
