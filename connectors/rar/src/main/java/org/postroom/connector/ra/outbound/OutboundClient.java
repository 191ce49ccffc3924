package org.postroom.connector.ra.outbound;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.postroom.connector.api.outbound.OutboundTransaction;
import org.postroom.connector.api.outbound.RecipientOutcome;
import org.postroom.connector.api.outbound.RelayLogin;
import org.postroom.connector.api.outbound.RemoteHost;
import org.postroom.connector.api.outbound.TlsPolicy;
import org.postroom.connector.api.outbound.TransactionOutcome;
import org.postroom.connector.ra.net.NetworkRuntime;
import org.postroom.protocol.smtp.client.ClientEvents.SessionFailure;
import org.postroom.protocol.smtp.client.ClientReply;

/**
 * The outbound SMTP client (ADR 0040): SMTP connections on the adapter's Netty event loops, pooled per
 * {@link SessionKey} (host, TLS policy, login, EHLO name) and reused after RSET, with a limit on open connections in
 * total and per address and port. A transaction that finds no idle connection and no free slot waits in FIFO order
 * for one; an idle connection to another host is closed to make room when the total is reached.
 *
 * <p>
 * One {@link OutboundTransaction} tries its hosts in order: a refused or failed connect, a failed session setup
 * (greeting, EHLO, STARTTLS, AUTH) or a TLS policy refusal moves on to the next host; a failed opportunistic TLS
 * handshake first retries the same host in clear; a reused connection that turns out dead is replaced once. When
 * every host failed, every recipient is deferred with a reply naming the last error. Once MAIL FROM went out, the
 * host's replies settle the recipients.
 *
 * <p>
 * Independent of JCA: the resource adapter creates one over its {@link NetworkRuntime}; tests use a thread pool.
 * Outcomes complete on a dispatch worker, never on an event loop.
 */
public final class OutboundClient implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OutboundClient.class.getName());
    private static final Pattern ENHANCED = Pattern.compile("^\\d{3}[ -](4\\.\\d{1,3}\\.\\d{1,3}) ");

    /** Connections that may share a pooled session. */
    record SessionKey(RemoteHost host, TlsPolicy tls, Optional<RelayLogin> login, String heloName, boolean clear) {
        InetSocketAddress address() {
            return new InetSocketAddress(host.address(), host.port());
        }
    }

    private final NetworkRuntime runtime;
    private final OutboundSettings settings;
    private final OutboundTls tls;
    private final Object lock = new Object();
    /** Open or opening connections. Guarded by lock. */
    private int total;
    /** Open or opening connections per address and port. Guarded by lock. */
    private final Map<InetSocketAddress, Integer> perHost = new HashMap<>();
    /** Idle sessions, oldest first. Guarded by lock. */
    private final Map<SessionKey, Deque<OutboundConnection>> idle = new LinkedHashMap<>();
    /** Attempts waiting for a connection slot, in arrival order. Guarded by lock. */
    private final Deque<Attempt> waiting = new ArrayDeque<>();
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionsOpened = new AtomicLong();
    private volatile boolean closed;

    public OutboundClient(NetworkRuntime runtime, OutboundSettings settings) throws IOException,
            GeneralSecurityException {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.tls = OutboundTls.create(settings.trustStore(), settings.trustStorePassword());
        LOG.info(() -> "outbound SMTP client: " + settings);
    }

    public OutboundSettings settings() {
        return settings;
    }

    /** Hands a transaction over; see {@link org.postroom.connector.api.outbound.OutboundSmtpConnection#send}. */
    public CompletionStage<TransactionOutcome> send(OutboundTransaction transaction) {
        Attempt attempt = new Attempt(transaction, runtime.dispatcher().newSerialExecutor());
        attempt.tryHost();
        return attempt.future;
    }

    /** TCP connections attempted so far (for tests and metrics: reuse shows as fewer connections than messages). */
    public long connectionsOpened() {
        return connectionsOpened.get();
    }

    /** Connections open now. */
    public int openConnections() {
        synchronized (lock) {
            return total;
        }
    }

    /**
     * Stops: waiting transactions are deferred, open connections are closed (transactions on them are deferred).
     */
    @Override
    public void close() {
        List<Attempt> stranded;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            stranded = new ArrayList<>(waiting);
            waiting.clear();
            idle.clear();
        }
        stranded.forEach(a -> a.deferAll(stopping()));
        channels.forEach(Channel::close);
        LOG.info("outbound SMTP client stopped");
    }

    private static ClientReply stopping() {
        return ClientReply.composed(451, "4.3.2", "the outbound SMTP client is stopping");
    }

    OutboundTls tls() {
        return tls;
    }

    /** Runs an attempt on an idle session, a new connection, or queues it. */
    private void dispatch(Attempt attempt) {
        SessionKey key = attempt.key();
        OutboundConnection reuse = null;
        boolean open = false;
        boolean stopped = false;
        List<OutboundConnection> evicted = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                stopped = true;
            } else {
                Deque<OutboundConnection> q = idle.get(key);
                if (q != null) {
                    reuse = q.pollLast(); // the most recently used is the least likely to have timed out
                    if (q.isEmpty()) {
                        idle.remove(key);
                    }
                }
                if (reuse == null) {
                    InetSocketAddress address = key.address();
                    int host = perHost.getOrDefault(address, 0);
                    if (total < settings.maxConnections() && host < settings.maxPerHost()) {
                        total++;
                        perHost.put(address, host + 1);
                        open = true;
                    } else {
                        evicted.addAll(evictFor(key, total >= settings.maxConnections()));
                        waiting.addLast(attempt);
                    }
                }
            }
        }
        if (stopped) {
            attempt.deferAll(stopping());
            return;
        }
        evicted.forEach(OutboundConnection::quitWhenIdle);
        if (reuse != null) {
            reuse.run(attempt);
        } else if (open) {
            connect(attempt);
        }
    }

    /** Guarded by lock: idle sessions of other keys closed so that {@code key} gets a slot when they are gone. */
    private List<OutboundConnection> evictFor(SessionKey key, boolean totalFull) {
        List<OutboundConnection> out = new ArrayList<>();
        Iterator<Map.Entry<SessionKey, Deque<OutboundConnection>>> it = idle.entrySet().iterator();
        while (it.hasNext() && out.isEmpty()) {
            Map.Entry<SessionKey, Deque<OutboundConnection>> e = it.next();
            if (e.getKey().equals(key)) {
                continue;
            }
            if (totalFull || e.getKey().address().equals(key.address())) {
                out.add(e.getValue().pollFirst());
                if (e.getValue().isEmpty()) {
                    it.remove();
                }
            }
        }
        return out;
    }

    private void connect(Attempt attempt) {
        SessionKey key = attempt.key();
        OutboundConnection connection = new OutboundConnection(this, key, settings.timeouts(),
                runtime.dispatcher().newSerialExecutor(), attempt);
        ChannelFuture future;
        try {
            future = new Bootstrap().group(runtime.io())
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                            (int) Math.min(Integer.MAX_VALUE, settings.timeouts().connect().toMillis()))
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.SO_KEEPALIVE, true)
                    .handler(connection)
                    .connect(key.address());
        } catch (RuntimeException e) { // the event loops are shutting down
            released(key);
            attempt.connectFailed(e);
            return;
        }
        Channel channel = future.channel();
        channels.add(channel);
        connectionsOpened.incrementAndGet();
        channel.closeFuture().addListener(f -> {
            channels.remove(channel);
            connectionClosed(connection);
        });
        future.addListener(f -> {
            if (!f.isSuccess()) {
                channel.close();
                attempt.connectFailed(f.cause());
            }
        });
    }

    /** A connection's transaction settled and its session is idle: the next waiting attempt for it, or the pool. */
    void idle(OutboundConnection connection) {
        Attempt next = null;
        synchronized (lock) {
            if (closed) {
                next = null;
            } else {
                for (Iterator<Attempt> it = waiting.iterator(); it.hasNext();) {
                    Attempt a = it.next();
                    if (a.key().equals(connection.key())) {
                        it.remove();
                        next = a;
                        break;
                    }
                }
                if (next == null) {
                    idle.computeIfAbsent(connection.key(), k -> new ArrayDeque<>()).addLast(connection);
                }
            }
        }
        if (closed) {
            connection.quitWhenIdle();
        } else if (next != null) {
            connection.run(next);
        } else {
            connection.idleFor(settings.timeouts().idle());
            dispatchWaiting();
        }
    }

    /** The idle timer of a pooled session ran out: QUIT, unless someone took it meanwhile. */
    boolean takeIdle(OutboundConnection connection) {
        synchronized (lock) {
            Deque<OutboundConnection> q = idle.get(connection.key());
            boolean mine = q != null && q.remove(connection);
            if (q != null && q.isEmpty()) {
                idle.remove(connection.key());
            }
            return mine;
        }
    }

    private void connectionClosed(OutboundConnection connection) {
        synchronized (lock) {
            Deque<OutboundConnection> q = idle.get(connection.key());
            if (q != null) {
                q.remove(connection);
                if (q.isEmpty()) {
                    idle.remove(connection.key());
                }
            }
        }
        released(connection.key());
    }

    private void released(SessionKey key) {
        synchronized (lock) {
            total--;
            perHost.computeIfPresent(key.address(), (a, n) -> n > 1 ? n - 1 : null);
        }
        dispatchWaiting();
    }

    /** Gives waiting attempts another chance, in order (those that still cannot go queue again, in order). */
    private void dispatchWaiting() {
        List<Attempt> retry;
        synchronized (lock) {
            if (waiting.isEmpty()) {
                return;
            }
            retry = new ArrayList<>(waiting);
            waiting.clear();
        }
        retry.forEach(this::dispatch);
    }

    /**
     * One transaction's way through its candidate hosts. Advanced by one event at a time (a connect result, a session
     * failure), each handed over through an executor, so its fields need no lock.
     */
    final class Attempt {
        final OutboundTransaction tx;
        final CompletableFuture<TransactionOutcome> future = new CompletableFuture<>();
        private final Executor completion;
        private int hostIndex;
        private boolean clear;
        private boolean replacedDeadConnection;
        private ClientReply lastError;
        private Optional<String> lastReached = Optional.empty();

        Attempt(OutboundTransaction tx, Executor completion) {
            this.tx = tx;
            this.completion = completion;
        }

        SessionKey key() {
            return new SessionKey(tx.hosts().get(hostIndex), tx.tls(), tx.login(), tx.heloName(), clear);
        }

        RemoteHost host() {
            return tx.hosts().get(hostIndex);
        }

        void tryHost() {
            if (hostIndex >= tx.hosts().size()) {
                deferAll(ClientReply.composed(451, enhanced(lastError),
                        "no host could take the message; last error: " + lastError.text()));
                return;
            }
            dispatch(this);
        }

        void connectFailed(Throwable cause) {
            String reason = cause == null
                    ? "failed"
                    : cause.getMessage() == null
                            ? cause.getClass().getSimpleName()
                            : cause.getMessage().replaceFirst(": /[0-9a-fA-F.:%]+$", "");
            lastError = ClientReply.composed(451, "4.4.1", "connect to " + host() + ": " + reason);
            lastReached = Optional.empty();
            LOG.fine(() -> "outbound: " + lastError.text());
            nextHost();
        }

        void sessionFailed(SessionFailure failure, boolean reused) {
            lastError = failure.reply();
            lastReached = Optional.of(host().toString());
            LOG.fine(() -> "outbound: " + host() + ": " + failure.reply().text());
            if (failure.retryInClear() && !clear) {
                clear = true;
                tryHost();
            } else if (reused && !replacedDeadConnection) {
                replacedDeadConnection = true;
                tryHost();
            } else {
                nextHost();
            }
        }

        private void nextHost() {
            hostIndex++;
            clear = false;
            replacedDeadConnection = false;
            tryHost();
        }

        void done(TransactionOutcome outcome) {
            completion.execute(() -> future.complete(outcome));
        }

        void deferAll(ClientReply reply) {
            List<RecipientOutcome> list = tx.recipients().stream()
                    .map(r -> new RecipientOutcome(r.address(), RecipientOutcome.Status.DEFERRED, reply.text(),
                            lastReached))
                    .toList();
            done(new TransactionOutcome(lastReached, false, list));
        }
    }

    /** The enhanced code of a 4xx error when it has one (4.7.5 for a TLS failure), else 4.4.1. */
    static String enhanced(ClientReply error) {
        if (error == null) {
            return "4.4.1";
        }
        Matcher m = ENHANCED.matcher(error.lines().get(0));
        return m.find() ? m.group(1) : "4.4.1";
    }

    void log(Level level, String message, Throwable t) {
        LOG.log(level, message, t);
    }
}
