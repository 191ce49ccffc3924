package org.postroom.directory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A synchronisation with the corporate directory (ADR 0050): every user of the user filter is read in pages
 * (RFC 2696, so Active Directory's 1,000-entry limit does not truncate it) and handed in batches to the mailbox
 * provisioning, which creates the missing mailboxes of enabled users with a primary address in a hosted domain.
 * Disabled users are counted. A batch that fails counts as errors and the sync goes on; a directory that cannot be
 * read fails the task.
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

    private DirectorySync() {
    }

    /** Runs the sync into {@code task}; returns when it is DONE or FAILED. */
    public static void run(DirectoryService directory, Provisioning provisioning, SyncTask task, Clock clock) {
        List<DirectoryUser> batch = new ArrayList<>(BATCH);
        try {
            directory.forEachUser(user -> {
                task.seen(1);
                if (user.disabled()) {
                    task.disabled(1);
                    return;
                }
                if (user.primary().isEmpty()) {
                    return;
                }
                batch.add(user);
                if (batch.size() == BATCH) {
                    provision(provisioning, batch, task);
                }
            });
            provision(provisioning, batch, task);
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
