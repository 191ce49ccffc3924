package org.postroom.mailbox;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deletes message content nothing refers to any more (after IMAP EXPUNGE, POP3 QUIT, a moved or deleted mailbox),
 * once a minute in batches, each batch its own transaction. Removing a message does not do it at once: content is
 * shared, and finding out whether anyone else still refers to it inside EXPUNGE made concurrent sessions wait on
 * each other's locks. Quota usage counts messages, so it drops at once regardless.
 */
@Singleton
@DependsOn("SchemaBootstrap")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ContentSweeper {

    static final int BATCH = 200;
    /** At most this many batches a sweep, so one sweep never runs for long. */
    static final int MAX_BATCHES = 50;
    private static final Logger LOG = Logger.getLogger(ContentSweeper.class.getName());

    private final AtomicBoolean running = new AtomicBoolean();

    @EJB
    MailboxMaintenance maintenance;

    @Schedule(second = "40", minute = "*", hour = "*", persistent = false, info = "postroom content sweep")
    public void sweep() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        int purged = 0;
        try {
            for (int i = 0; i < MAX_BATCHES; i++) {
                int n = maintenance.purgeUnreferencedContent(BATCH);
                purged += n;
                if (n < BATCH) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.INFO, "Content sweep stopped after " + purged + " item(s); the next one goes on: " + e);
        } finally {
            running.set(false);
        }
        if (purged > 0) {
            int total = purged;
            LOG.fine(() -> "Content sweep deleted " + total + " unreferenced message content(s)");
        }
    }
}
