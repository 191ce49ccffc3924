package org.postroom.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.postroom.config.PostroomConfig;
import org.postroom.directory.DirectoryService;
import org.postroom.directory.DirectorySync;
import org.postroom.directory.SyncTask;

/**
 * Synchronisations with the corporate directory as asynchronous tasks ({@code POST /api/directory/sync},
 * {@code GET /api/tasks/{id}}): one at a time; the tasks of this process are kept in memory (the last
 * {@value #KEPT}). A non-persistent timer, once a minute like the queue runner's, starts one every
 * {@code postroom.ldap.sync.interval} (15 minutes; 0 = off), the first a minute after the start (ADR 0066).
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DirectorySyncService {

    static final int KEPT = 100;
    private static final Logger LOG = Logger.getLogger(DirectorySyncService.class.getName());

    @Inject
    DirectoryService directory;
    @Inject
    PostroomConfig config;
    @Resource
    SessionContext context;
    @EJB
    DirectoryProvisioning provisioning;

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, SyncTask> tasks = new ConcurrentHashMap<>();
    private volatile SyncTask running;

    /** Starts a sync, or returns the one running; 409 without a directory. */
    public SyncTask start() {
        if (!directory.configured()) {
            throw ServiceException.conflict("no corporate directory is configured (POSTROOM_LDAP_URL)");
        }
        synchronized (this) {
            SyncTask current = running;
            if (current != null && current.state() == SyncTask.State.RUNNING) {
                return current;
            }
            SyncTask task = new SyncTask(ids.incrementAndGet(), Instant.now());
            tasks.put(task.id(), task);
            tasks.keySet().removeIf(id -> id <= task.id() - KEPT);
            running = task;
            context.getBusinessObject(DirectorySyncService.class).run(task);
            return task;
        }
    }

    /** Starts a periodic sync when the interval has passed since the last one started (manual ones count). */
    @Schedule(minute = "*", hour = "*", persistent = false, info = "postroom directory sync")
    public void periodic() {
        if (!directory.configured()) {
            return;
        }
        Duration interval;
        try {
            interval = config.directorySyncInterval();
        } catch (IllegalArgumentException e) {
            LOG.warning("No periodic directory sync: " + e.getMessage());
            return;
        }
        SyncTask last = running;
        if (interval.isZero() || last != null && Instant.now().isBefore(last.startedAt().plus(interval))) {
            return;
        }
        SyncTask task = start();
        LOG.info("Periodic directory sync: task " + task.id());
    }

    public Optional<SyncTask> task(long id) {
        return Optional.ofNullable(tasks.get(id));
    }

    /** Runs on a container thread; each batch of users is provisioned in a transaction of its own. */
    @Asynchronous
    public void run(SyncTask task) {
        DirectorySync.run(directory, provisioning.existing(), provisioning::provision, provisioning::reconcile, task,
                Clock.systemUTC());
        LOG.info("Directory sync " + task.id() + " " + task.state() + ": " + task.seen() + " users read, "
                + task.created() + " mailboxes created, " + task.mailboxesDisabled() + " disabled, "
                + task.mailboxesEnabled() + " enabled again, " + task.errors() + " errors"
                + (task.message().isEmpty() ? "" : "; " + task.message()));
    }
}
