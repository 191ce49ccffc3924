package org.postroom.connector.ra.net;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A small pool of long-running workers that runs each connection's tasks in submission order, one at a time (a
 * per-connection FIFO), while different connections run in parallel. This is where protocol engines and listener
 * calls (which may block on a database) run, never on the network event loop.
 *
 * <p>
 * Each connection gets a {@link SerialExecutor}. A serial executor with work is queued once on a ready queue; a worker
 * takes it, runs up to {@value #BATCH} of its tasks and, if more remain, puts it back at the end, so one busy
 * connection cannot starve the others. The ready queues hold at most one entry per connection; per-connection queues
 * are bounded by the network side's back-pressure (it stops reading).
 *
 * <p>
 * Two things keep a few slow calls from stopping everything (issue 14, ADR 0047):
 * <ul>
 * <li><b>A login pool.</b> Tasks submitted with {@link SerialExecutor#executeLogin} (input that may ask for a
 * password check: hashing, a directory) run on their own {@code loginThreads} workers, one task per turn, so 200
 * clients guessing passwords hold at most those threads, never the ones mail needs. A connection's first login waits
 * only behind other first logins: connections that already tried once queue behind them, so a legitimate login is not
 * stuck behind a guesser's hundredth attempt.</li>
 * <li><b>Compensation.</b> A worker whose task has run for longer than {@link #STALL} (waiting for a slow reader, a
 * memory budget, a lock) no longer counts: while work waits and fewer than {@code threads} workers are free, a
 * watchdog starts another worker, up to {@code maxThreads}; the extra workers end when the stalled ones come back.
 * The pool's capacity for other connections stays whatever one connection blocks on.</li>
 * </ul>
 *
 * <p>
 * The workers are started through the given {@link Executor}: a JCA {@code WorkManager} in the server, a plain
 * thread pool in tests.
 */
public final class OrderedDispatcher {

    private static final Logger LOG = Logger.getLogger(OrderedDispatcher.class.getName());
    static final int BATCH = 16;
    /** A task running longer than this makes its worker count as stalled. */
    static final Duration STALL = Duration.ofMillis(250);
    private static final long POLL_MILLIS = 100;

    private final BlockingQueue<SerialExecutor> ready = new LinkedBlockingQueue<>();
    private final BlockingQueue<SerialExecutor> firstLogins = new LinkedBlockingQueue<>();
    private final BlockingQueue<SerialExecutor> laterLogins = new LinkedBlockingQueue<>();
    /** One permit per lane queued on either login queue. */
    private final Semaphore loginsQueued = new Semaphore(0);
    private final Executor executor;
    private final int threads;
    private final int loginThreads;
    private final int maxThreads;
    private final Set<Worker> workers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicInteger loginLive = new AtomicInteger();
    private final AtomicLong compensations = new AtomicLong();
    private final Object stopped = new Object();
    private volatile boolean shutdown;

    /** Starts {@code threads} workers on {@code executor}; no login pool, no compensation. */
    public OrderedDispatcher(Executor executor, int threads) {
        this(executor, threads, 0, threads);
    }

    /**
     * @param threads the workers that are always there
     * @param loginThreads the workers of the login pool; 0 runs logins with everything else
     * @param maxThreads the most workers, counting those started to stand in for stalled ones
     */
    public OrderedDispatcher(Executor executor, int threads, int loginThreads, int maxThreads) {
        this.executor = Objects.requireNonNull(executor, "executor");
        if (threads < 1 || loginThreads < 0 || maxThreads < threads) {
            throw new IllegalArgumentException(
                    "need threads >= 1, loginThreads >= 0, maxThreads >= threads: " + threads + ", " + loginThreads
                            + ", " + maxThreads);
        }
        this.threads = threads;
        this.loginThreads = loginThreads;
        this.maxThreads = maxThreads;
        for (int i = 0; i < threads; i++) {
            startWorker();
        }
        for (int i = 0; i < loginThreads; i++) {
            loginLive.incrementAndGet();
            executor.execute(this::loginLoop);
        }
        if (maxThreads > threads) {
            executor.execute(this::watch);
        }
    }

    /** A new FIFO lane, typically one per connection. */
    public SerialExecutor newSerialExecutor() {
        return new SerialExecutor();
    }

    public int threads() {
        return threads;
    }

    /** Workers started so far to stand in for stalled ones (for tests and metrics). */
    public long compensations() {
        return compensations.get();
    }

    /**
     * Stops the workers once the tasks queued so far have run.
     *
     * @return whether every worker ended within {@code timeout}
     */
    public boolean shutdown(Duration timeout) throws InterruptedException {
        shutdown = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stopped) {
            while (live.get() + loginLive.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                stopped.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        return true;
    }

    private final class Worker {
        /** {@link System#nanoTime()} when the running batch started; 0 while idle. */
        volatile long busySince;
    }

    private void startWorker() {
        live.incrementAndGet();
        Worker worker = new Worker();
        workers.add(worker);
        try {
            executor.execute(() -> workLoop(worker));
        } catch (RejectedExecutionException e) {
            workers.remove(worker);
            ended(live);
            throw e;
        }
    }

    private void workLoop(Worker me) {
        boolean retired = false;
        try {
            while (!retired) {
                SerialExecutor lane = ready.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (lane == null) {
                    if (shutdown) {
                        return;
                    }
                    retired = retire();
                    continue;
                }
                me.busySince = System.nanoTime();
                try {
                    lane.runBatch(false);
                } finally {
                    me.busySince = 0;
                }
                retired = retire();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            workers.remove(me);
            if (!retired) {
                ended(live);
            }
        }
    }

    /** Ends this worker if there are more free workers than {@link #threads} (the stalled ones came back). */
    private boolean retire() {
        while (true) {
            int n = live.get();
            if (n - stalled() <= threads) {
                return false;
            }
            if (live.compareAndSet(n, n - 1)) {
                synchronized (stopped) {
                    stopped.notifyAll();
                }
                return true;
            }
        }
    }

    private int stalled() {
        long now = System.nanoTime();
        int count = 0;
        for (Worker w : workers) {
            long since = w.busySince;
            if (since != 0 && now - since > STALL.toNanos()) {
                count++;
            }
        }
        return count;
    }

    /** The compensation watchdog: a worker more while work waits and too few workers are free. */
    private void watch() {
        try {
            while (!shutdown) {
                Thread.sleep(STALL.toMillis() / 2);
                int n = live.get();
                int missing = Math.min(threads - (n - stalled()), maxThreads - n);
                for (int i = 0; i < missing && !ready.isEmpty(); i++) {
                    try {
                        startWorker();
                        compensations.incrementAndGet();
                    } catch (RejectedExecutionException e) {
                        LOG.log(Level.WARNING, "dispatch: cannot start a worker to stand in for a stalled one", e);
                        break;
                    }
                }
                if (missing > 0 && n < maxThreads) {
                    LOG.fine(() -> "dispatch: " + (threads - (n - stalled())) + " workers stalled; " + live.get()
                            + " of at most " + maxThreads + " running");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loginLoop() {
        try {
            while (true) {
                if (!loginsQueued.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    if (shutdown) {
                        return;
                    }
                    continue;
                }
                SerialExecutor lane = firstLogins.poll();
                if (lane == null) {
                    lane = laterLogins.poll();
                }
                if (lane != null) {
                    lane.runBatch(true);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ended(loginLive);
        }
    }

    private void ended(AtomicInteger counter) {
        counter.decrementAndGet();
        synchronized (stopped) {
            stopped.notifyAll();
        }
    }

    /** A task for the login pool; {@code later} when its connection tried to log in before. */
    private record LoginTask(Runnable task, boolean later) implements Runnable {
        @Override
        public void run() {
            task.run();
        }
    }

    /**
     * One FIFO lane of the dispatcher: tasks submitted here run one at a time, in submission order, whichever pool
     * runs them; each task happens-before the next. Thread-safe.
     */
    public final class SerialExecutor implements Executor {

        private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final AtomicInteger pending = new AtomicInteger();

        private SerialExecutor() {
        }

        @Override
        public void execute(Runnable task) {
            submit(Objects.requireNonNull(task, "task"));
        }

        /**
         * Like {@link #execute}, on the login pool (if there is one): for input that may ask for a password check.
         *
         * @param later the connection tried to log in before: it waits behind first attempts
         */
        public void executeLogin(Runnable task, boolean later) {
            submit(new LoginTask(Objects.requireNonNull(task, "task"), later));
        }

        private void submit(Runnable task) {
            if (shutdown) {
                LOG.fine("dispatcher stopped; task dropped");
                return;
            }
            tasks.add(task);
            if (pending.getAndIncrement() == 0) {
                schedule();
            }
        }

        /** Queues this lane where its next task runs. The caller owns the lane and a task is queued. */
        private void schedule() {
            if (tasks.peek() instanceof LoginTask login && loginThreads > 0) {
                (login.later() ? laterLogins : firstLogins).add(this);
                loginsQueued.release();
            } else {
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
                    schedule(); // submitted while the task ran
                }
            }
            return true;
        }

        /** Tasks submitted and not yet finished (including the one running). */
        public int pending() {
            return pending.get();
        }

        /**
         * Runs tasks while they belong to the pool that calls ({@code login} or not): up to {@value #BATCH} on the
         * main pool, one on the login pool; then hands the lane on to where its next task runs.
         */
        void runBatch(boolean login) {
            int ran = 0;
            while (true) {
                Runnable task = tasks.peek();
                boolean loginTask = task instanceof LoginTask && loginThreads > 0;
                if (loginTask != login) {
                    schedule();
                    return;
                }
                tasks.poll();
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    LOG.log(Level.WARNING, "dispatched task failed", e);
                }
                ran++;
                if (pending.decrementAndGet() == 0) {
                    return;
                }
                if (login || ran >= BATCH) {
                    schedule(); // fairness: the rest waits behind the other connections
                    return;
                }
            }
        }
    }
}
