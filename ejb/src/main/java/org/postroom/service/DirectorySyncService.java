package org.postroom.service;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.Resource;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import org.postroom.directory.DirectoryService;
import org.postroom.directory.DirectorySync;
import org.postroom.directory.SyncTask;

/**
 * Synchronisations with the corporate directory as asynchronous tasks ({@code POST /api/directory/sync},
 * {@code GET /api/tasks/{id}}): one at a time; the tasks of this process are kept in memory (the last
 * {@value #KEPT}).
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DirectorySyncService {

    static final int KEPT = 100;

    @Inject
    DirectoryService directory;
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

    public Optional<SyncTask> task(long id) {
        return Optional.ofNullable(tasks.get(id));
    }

    /** Runs on a container thread; each batch of users is provisioned in a transaction of its own. */
    @Asynchronous
    public void run(SyncTask task) {
        DirectorySync.run(directory, provisioning::provision, task, Clock.systemUTC());
    }
}
