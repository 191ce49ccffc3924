package org.postroom.connector.ra;

import io.netty.util.concurrent.FastThreadLocal;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs each task as a long-lived JCA {@link Work} ({@code scheduleWork(work, INDEFINITE, null, null)}), so Netty's
 * event loops and the dispatch workers live on threads the server manages. The server pools those threads, so each
 * Work clears Netty's thread-locals when it ends.
 */
final class WorkManagerExecutor implements Executor {

    private final WorkManager workManager;

    WorkManagerExecutor(WorkManager workManager) {
        this.workManager = Objects.requireNonNull(workManager, "workManager");
    }

    @Override
    public void execute(Runnable task) {
        try {
            workManager.scheduleWork(new LongRunningWork(task), WorkManager.INDEFINITE, null, null);
        } catch (WorkException e) {
            throw new RejectedExecutionException("the WorkManager refused a long-running task", e);
        }
    }

    private static final class LongRunningWork implements Work {
        private final Runnable task;

        LongRunningWork(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            try {
                task.run();
            } finally {
                FastThreadLocal.removeAll();
            }
        }

        /** The loops end when the adapter shuts its network runtime down, not when the WorkManager asks. */
        @Override
        public void release() {
        }
    }
}
