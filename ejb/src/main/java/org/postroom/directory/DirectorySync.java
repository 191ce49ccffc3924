package org.postroom.directory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A synchronisation with the corporate directory (ADR 0050, 0066): every user of the user filter is read in pages
 * (RFC 2696, so Active Directory's 1,000-entry limit does not truncate it) and handed in batches to the mailbox
 * provisioning, which creates the missing mailboxes of enabled users with a primary address in a hosted domain.
 * Disabled users are counted. After a complete read, the {@link Reconciliation} disables the directory mailboxes
 * whose user the directory no longer lists, or disables, and enables again those whose user is back; mailboxes are
 * never deleted. A read that saw no user at all reconciles nothing (a wrong filter or base must not disable every
 * mailbox). A batch that fails counts as errors and the sync goes on; a directory that cannot be read fails the task
 * and changes no mailbox's state.
 */
public final class DirectorySync {

    private static final Logger LOG = Logger.getLogger(DirectorySync.class.getName());
    /** Users per provisioning transaction. */
    static final int BATCH = 200;

    /** Creates the missing mailboxes of a batch of users, in a transaction of its own. */
    @FunctionalInterface
    public interface Provisioning {
        /** @return how many of the users got a new mailbox */
        int provision(List<DirectoryUser> users);
    }

    /**
     * Brings the directory mailboxes' disabled marks in line with a complete read of the directory, in a transaction
     * of its own.
     */
    @FunctionalInterface
    public interface Reconciliation {
        /**
         * @param enabled the primary addresses of the enabled users read
         * @param disabled the primary addresses of the disabled users read
         * @param at when the read ended (the time a mailbox is disabled from)
         */
        Outcome reconcile(Set<String> enabled, Set<String> disabled, Instant at);
    }

    /** What a reconciliation changed: mailboxes disabled now, and disabled ones enabled again. */
    public record Outcome(int disabled, int enabled) {
    }

    private DirectorySync() {
    }

    /** Runs the sync into {@code task}; returns when it is DONE or FAILED. */
    public static void run(DirectoryService directory, Provisioning provisioning, Reconciliation reconciliation,
            SyncTask task, Clock clock) {
        run(directory, Set.of(), provisioning, reconciliation, task, clock);
    }

    /**
     * As the other {@code run}, knowing the addresses that had a mailbox when the sync began: their users are not
     * handed to the provisioning at all (the periodic sync of a large directory finds nearly every mailbox there, and
     * asking the database batch by batch cost more than reading the directory). A mailbox deleted meanwhile is
     * created again by the next sync; one created meanwhile is found again by the provisioning's own check.
     */
    public static void run(DirectoryService directory, Set<String> existing, Provisioning provisioning,
            Reconciliation reconciliation, SyncTask task, Clock clock) {
        List<DirectoryUser> batch = new ArrayList<>(BATCH);
        Set<String> enabled = new HashSet<>();
        Set<String> disabled = new HashSet<>();
        try {
            directory.forEachUser(user -> {
                task.seen(1);
                if (user.disabled()) {
                    task.disabled(1);
                    user.primary().ifPresent(p -> disabled.add(p.toString()));
                    return;
                }
                if (user.primary().isEmpty()) {
                    return;
                }
                String primary = user.primary().get().toString();
                enabled.add(primary);
                if (existing.contains(primary)) {
                    return;
                }
                batch.add(user);
                if (batch.size() == BATCH) {
                    provision(provisioning, batch, task);
                }
            });
            provision(provisioning, batch, task);
            if (task.seen() == 0) {
                task.finish(SyncTask.State.DONE, "the directory listed no user; no mailbox was disabled",
                        clock.instant());
                return;
            }
            disabled.removeAll(enabled); // an address of an enabled user is that user's
            Outcome outcome = reconciliation.reconcile(enabled, disabled, clock.instant());
            task.reconciled(outcome.disabled(), outcome.enabled());
            task.finish(SyncTask.State.DONE, "", clock.instant());
        } catch (DirectoryUnavailableException e) {
            task.finish(SyncTask.State.FAILED, e.getMessage(), clock.instant());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Directory sync " + task.id() + " failed", e);
            task.finish(SyncTask.State.FAILED, e.toString(), clock.instant());
        }
    }

    private static void provision(Provisioning provisioning, List<DirectoryUser> batch, SyncTask task) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            task.created(provisioning.provision(List.copyOf(batch)));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Directory sync " + task.id() + ": a batch of " + batch.size() + " users failed",
                    e);
            batch.forEach(u -> task.error());
        }
        batch.clear();
    }
}
