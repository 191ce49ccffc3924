package org.postroom.connector.ra.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The threads every listener shares: one acceptor event loop, a few I/O event loops, and the
 * {@link OrderedDispatcher} that runs protocol engines and listener calls. All of them run as long-lived tasks of
 * one {@link Executor} (a JCA {@code WorkManager} in the server, a thread pool in tests), so the adapter never
 * creates threads of its own.
 *
 * <p>
 * Independent of JCA. The resource adapter creates one when the first endpoint activates and
 * {@linkplain #shutdown(Duration) shuts it down} when the last one deactivates (not in {@code stop()}, when the
 * WorkManager can no longer be used).
 */
public final class NetworkRuntime {

    private static final Logger LOG = Logger.getLogger(NetworkRuntime.class.getName());

    private final EventLoopGroup acceptor;
    private final EventLoopGroup io;
    private final OrderedDispatcher dispatcher;

    /**
     * @param executor runs every long-lived loop; each task it is given runs until shutdown
     * @param ioThreads the number of I/O event loops (each serves many connections)
     * @param dispatchThreads the number of dispatch workers (engine and listener calls)
     */
    public NetworkRuntime(Executor executor, int ioThreads, int dispatchThreads) {
        this(executor, ioThreads, dispatchThreads, Math.max(1, dispatchThreads / 4), dispatchThreads * 4);
    }

    /**
     * @param loginThreads the dispatcher's login pool (password checks; ADR 0047)
     * @param maxDispatchThreads the most dispatch workers, counting those that stand in for stalled ones
     */
    public NetworkRuntime(Executor executor, int ioThreads, int dispatchThreads, int loginThreads,
            int maxDispatchThreads) {
        Objects.requireNonNull(executor, "executor");
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be positive: " + ioThreads);
        }
        this.acceptor = new NioEventLoopGroup(1, executor);
        this.io = new NioEventLoopGroup(ioThreads, executor);
        this.dispatcher = new OrderedDispatcher(executor, dispatchThreads, loginThreads, maxDispatchThreads);
    }

    EventLoopGroup acceptor() {
        return acceptor;
    }

    /** The I/O event loops: the listeners' connections and the outbound SMTP client's. */
    public EventLoopGroup io() {
        return io;
    }

    /** The dispatch workers: engines, listener calls, and the outbound client's reads of message content. */
    public OrderedDispatcher dispatcher() {
        return dispatcher;
    }

    /**
     * Stops the event loops, then lets the dispatcher run what is still queued (the sessions' close calls) and
     * stops it. Close every {@link ProtocolServer} first.
     *
     * @return whether everything stopped within about {@code timeout}
     */
    public boolean shutdown(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Future<?> a = acceptor.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
        Future<?> b = io.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
        boolean clean = true;
        try {
            clean &= a.await(remaining(deadline), TimeUnit.NANOSECONDS);
            clean &= b.await(remaining(deadline), TimeUnit.NANOSECONDS);
            clean &= dispatcher.shutdown(Duration.ofNanos(Math.max(remaining(deadline), 1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clean = false;
        }
        if (!clean) {
            LOG.log(Level.WARNING, "network runtime did not stop within {0}", timeout);
        }
        return clean;
    }

    private static long remaining(long deadline) {
        return Math.max(deadline - System.nanoTime(), 0);
    }
}
