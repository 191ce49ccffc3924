package org.postroom.connector.ra.net;

import org.postroom.protocol.RatePerAddress;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One listening socket serving one protocol: binds, applies the connection limits (in all, and per client address), builds each connection's pipeline
 * (implicit TLS, idle detection, {@link ConnectionHandler}) and stops cleanly. Independent of JCA and of any
 * particular protocol; the protocol comes in as a {@link ProtocolSessionFactory}.
 */
public final class ProtocolServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ProtocolServer.class.getName());

    private final ListenerSettings settings;
    private final ListenerMetrics metrics;
    private volatile Channel serverChannel;
    private final Set<ConnectionHandler> connections = ConcurrentHashMap.newKeySet();
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private final List<Runnable> closeActions = new CopyOnWriteArrayList<>();

    private ProtocolServer(ListenerSettings settings, ListenerMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    /**
     * Binds and starts accepting.
     *
     * @throws IOException when the address cannot be bound (port in use, no such interface)
     */
    public static ProtocolServer start(NetworkRuntime runtime, ListenerSettings settings,
            ProtocolSessionFactory factory, ListenerMetrics metrics) throws IOException {
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(metrics, "metrics");
        ProtocolServer server = new ProtocolServer(settings, metrics);
        SslContext ssl = settings.sslContext().orElse(null);
        AtomicInteger live = new AtomicInteger();
        ConnectionsPerAddress perAddress = new ConnectionsPerAddress(settings.maxConnectionsPerAddress(),
                settings.exemptLoopback());
        RatePerAddress rate = new RatePerAddress(settings.connectionsPerMinute(), settings.exemptLoopback());
        long idleMillis = settings.idleTimeout().toMillis();
        ServerBootstrap bootstrap = new ServerBootstrap().group(runtime.acceptor(), runtime.io())
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline pipeline = ch.pipeline();
                        if (settings.tlsMode() == TlsMode.IMPLICIT) {
                            pipeline.addLast(ConnectionHandler.TLS_HANDLER, new SslHandler(ssl.newEngine(ch.alloc())));
                        }
                        int now = live.incrementAndGet();
                        ch.closeFuture().addListener(f -> live.decrementAndGet());
                        if (now > settings.maxConnections() || server.closed) {
                            metrics.connectionRefused();
                            LOG.fine(() -> settings.name() + ": refusing " + ch.remoteAddress() + " (" + now
                                    + " connections)");
                            pipeline.addLast(new RefuseHandler(factory.tooManyConnectionsReply()));
                            return;
                        }
                        InetAddress client = ch.remoteAddress().getAddress();
                        if (!rate.tryAcquire(client)) {
                            metrics.connectionRefusedRate();
                            LOG.fine(() -> settings.name() + ": refusing " + ch.remoteAddress() + " (over "
                                    + settings.connectionsPerMinute() + " connections a minute from that address)");
                            pipeline.addLast(new RefuseHandler(factory.tooManyConnectionsFromAddressReply()));
                            return;
                        }
                        if (!perAddress.tryOpen(client)) {
                            metrics.connectionRefusedPerAddress();
                            LOG.fine(() -> settings.name() + ": refusing " + ch.remoteAddress() + " (over "
                                    + settings.maxConnectionsPerAddress() + " from that address)");
                            pipeline.addLast(new RefuseHandler(factory.tooManyConnectionsFromAddressReply()));
                            return;
                        }
                        ch.closeFuture().addListener(f -> perAddress.closed(client));
                        server.channels.add(ch);
                        ch.closeFuture().addListener(f -> server.channels.remove(ch));
                        pipeline.addLast(new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS));
                        ConnectionHandler handler = new ConnectionHandler(factory,
                                runtime.dispatcher().newSerialExecutor(), metrics, ssl, settings.name());
                        server.connections.add(handler);
                        ch.closeFuture().addListener(f -> server.connections.remove(handler));
                        pipeline.addLast("connection", handler);
                    }
                });
        Channel channel;
        try {
            channel = bootstrap.bind(bindAddress(settings))
                    .syncUninterruptibly()
                    .channel();
        } catch (RuntimeException e) {
            throw new IOException(settings.name() + ": cannot listen on " + settings.bindAddress() + ":"
                    + settings.port() + ": " + e.getMessage(), e);
        }
        server.serverChannel = channel;
        LOG.info(() -> settings.name() + ": listening on " + channel.localAddress() + " (TLS " + settings.tlsMode()
                + ", max " + settings.maxConnections() + " connections"
                + (settings.maxConnectionsPerAddress() == Integer.MAX_VALUE
                        ? ""
                        : ", " + settings.maxConnectionsPerAddress() + " per client address"
                                + (settings.exemptLoopback() ? ", loopback exempt" : ""))
                + (settings.connectionsPerMinute() == 0
                        ? ""
                        : ", " + settings.connectionsPerMinute() + " new per client address and minute")
                + ")");
        return server;
    }

    /** The bound address (with the real port when {@code port} was 0). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public ListenerSettings settings() {
        return settings;
    }

    public ListenerMetrics metrics() {
        return metrics;
    }

    /**
     * Bytes of output that wait in memory to be written to clients, over all open connections: what Netty's outbound
     * buffers hold (for tests and metrics; see {@link ConnectionHandler} for how it is bounded).
     */
    public long queuedOutputBytes() {
        long total = 0;
        for (Channel ch : channels) {
            io.netty.channel.ChannelOutboundBuffer buffer = ch.unsafe().outboundBuffer();
            if (buffer != null) {
                total += buffer.totalPendingWriteBytes();
            }
        }
        return total;
    }

    /** Bytes of input read from clients and not yet given to their sessions, over all open connections. */
    public long queuedInputBytes() {
        long total = 0;
        for (ConnectionHandler handler : connections) {
            total += handler.queuedInputBytes();
        }
        return total;
    }

    /** Runs {@code action} first thing when the listener closes (e.g. to stop routing events to its sessions). */
    public void onClose(Runnable action) {
        closeActions.add(Objects.requireNonNull(action, "action"));
    }

    /** Stops accepting, tells open connections the service is shutting down, and closes them (waits up to 5 s). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Runnable action : closeActions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, settings.name() + ": close action failed", e);
            }
        }
        serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        connections.forEach(ConnectionHandler::shutdown);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        for (Channel ch : channels) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !ch.closeFuture().awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
                ch.close();
            }
        }
        LOG.log(Level.INFO, "{0}: stopped", settings.name());
    }

    /** Writes the refusal and closes; reads nothing. */
    private static final class RefuseHandler extends io.netty.channel.ChannelInboundHandlerAdapter {
        private final byte[] reply;

        RefuseHandler(byte[] reply) {
            this.reply = reply;
        }

        @Override
        public void channelActive(io.netty.channel.ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(reply)).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
            io.netty.util.ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(io.netty.channel.ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** {@code *} (as in Liberty's httpEndpoint host) and {@code 0.0.0.0} mean every interface. */
    static InetSocketAddress bindAddress(ListenerSettings settings) {
        String host = settings.bindAddress();
        return host.equals("*") || host.equals("0.0.0.0") || host.equals("::")
                ? new InetSocketAddress(settings.port())
                : new InetSocketAddress(host, settings.port());
    }
}
