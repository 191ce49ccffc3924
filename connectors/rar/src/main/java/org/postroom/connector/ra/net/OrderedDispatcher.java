package org.postroom.connector.ra.net;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A small, fixed pool of long-running workers that runs each connection's tasks in submission order, one at a time
 * (a per-connection FIFO), while different connections run in parallel. This is where protocol engines and listener
 * calls (which may block on a database) run, never on the network event loop.
 *
 * <p>
 * Each connection gets a {@link SerialExecutor}. A serial executor with work is queued once on the shared ready
 * queue; a worker takes it, runs up to {@value #BATCH} of its tasks and, if more remain, puts it back at the end of
 * the ready queue, so one busy connection cannot starve the others. The ready queue holds at most one entry per
 * connection; per-connection queues are bounded by the network side's back-pressure (it stops reading).
 *
 * <p>
 * The workers are started through the given {@link Executor}: a JCA {@code WorkManager} in the server, a plain
 * thread pool in tests.
 */
public final class OrderedDispatcher {

    private static final Logger LOG = Logger.getLogger(OrderedDispatcher.class.getName());
    static final int BATCH = 16;

    private final BlockingQueue<SerialExecutor> ready = new LinkedBlockingQueue<>();
    private final SerialExecutor poison = new SerialExecutor();
    private final int threads;
    private final CountDownLatch stopped;
    private volatile boolean shutdown;

    /**
     * Starts {@code threads} workers on {@code executor}.
     */
    public OrderedDispatcher(Executor executor, int threads) {
        Objects.requireNonNull(executor, "executor");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive: " + threads);
        }
        this.threads = threads;
        this.stopped = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            executor.execute(this::workLoop);
        }
    }

    /** A new FIFO lane, typically one per connection. */
    public SerialExecutor newSerialExecutor() {
        return new SerialExecutor();
    }

    public int threads() {
        return threads;
    }

    /**
     * Stops the workers once the tasks queued so far have run.
     *
     * @return whether every worker ended within {@code timeout}
     */
    public boolean shutdown(Duration timeout) throws InterruptedException {
        shutdown = true;
        for (int i = 0; i < threads; i++) {
            ready.add(poison);
        }
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void workLoop() {
        try {
            while (true) {
                SerialExecutor lane = ready.take();
                if (lane == poison) {
                    if (ready.stream().anyMatch(l -> l != poison)) {
                        ready.add(poison); // lanes queued before or re-queued after the pills still run first
                        continue;
                    }
                    return;
                }
                lane.runBatch();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
        }
    }

    /**
     * One FIFO lane of the dispatcher: tasks submitted here run one at a time, in submission order; each task
     * happens-before the next. Thread-safe.
     */
    public final class SerialExecutor implements Executor {

        private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final AtomicInteger pending = new AtomicInteger();

        private SerialExecutor() {
        }

        @Override
        public void execute(Runnable task) {
            Objects.requireNonNull(task, "task");
            if (shutdown) {
                LOG.fine("dispatcher stopped; task dropped");
                return;
            }
            tasks.add(task);
            if (pending.getAndIncrement() == 0) {
                ready.add(this);
            }
        }

        /**
         * Runs {@code task} now, on the calling thread, if the lane is idle (nothing queued or running), holding the
         * lane meanwhile: tasks submitted during the run wait, and run after it in order. For work that must not
         * block (the event loop answering a command from memory). Exceptions from the task propagate.
         *
         * @return whether the task ran
         */
        public boolean runIfIdle(Runnable task) {
            if (shutdown || !pending.compareAndSet(0, 1)) {
                return false;
            }
            try {
                task.run();
            } finally {
                if (pending.decrementAndGet() > 0) {
                    ready.add(this); // submitted while the task ran
                }
            }
            return true;
        }

        /** Tasks submitted and not yet finished (including the one running). */
        public int pending() {
            return pending.get();
        }

        void runBatch() {
            int ran = 0;
            int left;
            do {
                Runnable task = tasks.poll();
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    LOG.log(Level.WARNING, "dispatched task failed", e);
                }
                ran++;
                left = pending.decrementAndGet();
            } while (left > 0 && ran < BATCH);
            if (left > 0) {
                ready.add(this); // fairness: the rest waits behind the other connections
            }
        }
    }
}
