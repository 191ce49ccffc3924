package org.postroom.connector.ra.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The network side of one connection, protocol-neutral. On the event loop it copies bytes and hands them to the
 * connection's FIFO lane of the {@link OrderedDispatcher}; the {@link ProtocolSession} runs there, and its output
 * is written back from the lane (Netty moves the write to the event loop, in order).
 *
 * <ul>
 * <li><b>Answers from memory:</b> when the lane is idle, the event loop holds it and first offers the bytes to
 * {@link ProtocolSession#receiveWithoutBlocking} (a POP3 LIST, or a RETR of a message already read ahead), so such a
 * command costs no thread hand-off; whatever the session does not take goes to the lane as before. Output still
 * leaves through {@link #emit}, queued on the event loop behind anything the lane produced earlier.</li>
 * <li><b>Back-pressure on input:</b> while more than {@link #HIGH_WATER} bytes wait in the lane, auto-read is off;
 * it comes back on below {@link #LOW_WATER}. So a fast client (a big DATA) never piles up in memory. While the session
 * waits for a login (IMAP, POP3) the bounds are {@link #PRE_LOGIN_HIGH_WATER} and {@link #PRE_LOGIN_LOW_WATER}.</li>
 * <li><b>Back-pressure on output:</b> a client that sends commands and reads none of the replies (a pipeliner of
 * {@code EHLO} or {@code CAPABILITY}) must not make replies pile up. Every output counts as unwritten until Netty
 * wrote it to the socket; the lane feeds input to the session in slices of at most {@link #SLICE} bytes, and while
 * more than {@link #OUTPUT_LIMIT} bytes are unwritten it feeds none: the input waits, parked in order, and the lane
 * is free for other connections. The first write that brings the unwritten output down to {@link #OUTPUT_RESUME}
 * hands the parked input back to the lane. Auto-read is also off while the channel is not writable, so the input
 * that waits stays bounded by {@link #HIGH_WATER}. A client that reads nothing of the output for an idle timeout is
 * disconnected.</li>
 * <li><b>Logins on their own pool:</b> a slice the session says may ask for a password check
 * ({@link ProtocolSession#mayAuthenticate}) runs on the dispatcher's login pool (ADR 0047); the input behind it waits
 * in order.</li>
 * <li><b>STARTTLS:</b> on the event loop, {@code pipeline.addFirst(SslHandler(engine, startTls = true))}, then the
 * reply is written (it leaves in plaintext). Bytes read before the handler was installed still go to the lane,
 * where the session discards them (it is waiting for TLS): plaintext pipelined after STARTTLS is never executed
 * (RFC 3207 section 4.2). {@link ProtocolSession#tlsStarted()} is queued when the handshake completes, before any
 * decrypted byte.</li>
 * <li><b>Idle timeout:</b> a reader-idle event while nothing is queued writes the idle reply and closes.</li>
 * <li><b>Delayed output</b> (a failed login): auto-read goes off, the output is written by a timer on the event
 * loop, outputs produced meanwhile queue behind it in order, and reading resumes when the queue is empty. No thread
 * waits.</li>
 * <li><b>Close:</b> whatever the cause, {@link ProtocolSession#close()} is queued last on the lane, so an open
 * transaction is aborted and its spool deleted.</li>
 * </ul>
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = Logger.getLogger(ConnectionHandler.class.getName());
    static final long HIGH_WATER = 1024 * 1024;
    /** A long reply's output that may wait to be written before its producer waits (see {@link #stream}). */
    static final long UNWRITTEN_LIMIT = 512 * 1024;
    /** How long a long reply may wait for a client that reads none of it before the connection is closed. */
    static final Duration STREAM_STALL = Duration.ofMinutes(2);
    static final long LOW_WATER = 256 * 1024;
    /** {@link #HIGH_WATER} while the session waits for a login (IMAP, POP3): an unauthenticated client gets less. */
    static final long PRE_LOGIN_HIGH_WATER = 64 * 1024;
    static final long PRE_LOGIN_LOW_WATER = 16 * 1024;
    /** Unwritten output above which no further input is given to the session (see the class comment). */
    static final long OUTPUT_LIMIT = 256 * 1024;
    /** Unwritten output at or below which parked input is given to the session again. */
    static final long OUTPUT_RESUME = 64 * 1024;
    /** The most input bytes given to the session in one call: bounds the output one call can add past the limit. */
    static final int SLICE = 4096;
    static final String TLS_HANDLER = "tls";

    private final ProtocolSessionFactory factory;
    private final OrderedDispatcher.SerialExecutor lane;
    private final ListenerMetrics metrics;
    private final SslContext sslContext;
    private final String listenerName;
    private final AtomicLong queuedBytes = new AtomicLong();

    private Channel channel;
    /** Lane only. */
    private ProtocolSession session;
    /**
     * Set on the lane after each session call: the session waits for a login (smaller input bounds). True until the
     * session says otherwise: input that arrives before the session has even started is held to the smaller bound.
     */
    private volatile boolean awaitingLogin = true;
    /** Set from any thread: no more input is processed. */
    private volatile boolean closing;
    /** Event loop only: an SslHandler was installed for STARTTLS and its handshake has not completed yet. */
    private boolean tlsPending;
    /** Output handed to the event loop and not yet written to the socket: guarded by {@link #unwrittenLock}. */
    private long unwritten;
    private final Object unwrittenLock = new Object();
    /** When output was last written (or first queued), {@link System#nanoTime()}: guarded by {@link #unwrittenLock}. */
    private long lastWriteProgress = System.nanoTime();
    /** Lane only: input not yet given to the session, in arrival order. */
    private final ArrayDeque<Chunk> inbox = new ArrayDeque<>();
    /** Lane only: the inbox's head waits for the login pool. */
    private boolean loginQueued;
    /** Lane only: slices sent to the login pool so far (the first one queues ahead of later ones). */
    private int loginAttempts;
    /** Set on the lane when input was parked; cleared by whoever hands it back to the lane. */
    private final AtomicBoolean parkedWaiting = new AtomicBoolean();
    /** Lane only: the session is in the middle of a command (see {@link ProtocolSession#midCommand}). */
    private boolean midCommand;
    /** Counts commands started and ended; a command timer fires only if it is still the same command's. */
    private final AtomicLong commandEpoch = new AtomicLong();
    /** Event loop only: outputs waiting behind a delayed one; the head is the one whose timer runs. */
    private final ArrayDeque<ProtocolOutput> delayed = new ArrayDeque<>();

    ConnectionHandler(ProtocolSessionFactory factory, OrderedDispatcher.SerialExecutor lane, ListenerMetrics metrics,
            SslContext sslContext, String listenerName) {
        this.factory = factory;
        this.lane = lane;
        this.metrics = metrics;
        this.sslContext = sslContext;
        this.listenerName = listenerName;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        metrics.connectionOpened();
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        lane.execute(() -> {
            session = factory.create(remote, this::wake, this::stream);
            apply(session.start());
            awaitingLogin = session.awaitingLogin();
        });
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            if (closing || !buf.isReadable()) {
                return;
            }
            if (tlsPending) {
                SslHandler ssl = (SslHandler) ctx.pipeline().get(TLS_HANDLER);
                if (ssl == null || !ssl.handshakeFuture().isSuccess()) {
                    return; // cannot happen with a working SslHandler: no application data before the handshake
                }
                tlsEstablished();
            }
            ByteBuffer in = buf.nioBuffer();
            lane.runIfIdle(() -> answerWithoutBlocking(in));
            if (in.hasRemaining()) {
                byte[] bytes = new byte[in.remaining()];
                in.get(bytes);
                enqueueInput(bytes);
            }
        } finally {
            buf.release();
        }
    }

    /**
     * On the event loop, holding the idle lane: what the session can answer from memory, answered now, a slice at a
     * time while the unwritten output is under its limit. Nothing while input is parked (it must go first).
     */
    private void answerWithoutBlocking(ByteBuffer in) {
        if (closing || session == null || !inbox.isEmpty() || loginQueued) {
            return;
        }
        try {
            while (in.hasRemaining() && !closing && unwritten() <= OUTPUT_LIMIT) {
                ByteBuffer slice = in.slice(in.position(), Math.min(SLICE, in.remaining()));
                apply(session.receiveWithoutBlocking(slice));
                in.position(in.position() + slice.position());
                if (slice.hasRemaining()) {
                    return; // the session stopped before the end of the slice: the rest goes to the lane
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, listenerName + ": session failed; closing " + channel.remoteAddress(), e);
            closing = true;
            channel.close();
        }
    }

    private void enqueueInput(byte[] bytes) {
        int length = bytes.length;
        if (queuedBytes.addAndGet(length) > highWater() && channel.config().isAutoRead()) {
            channel.config().setAutoRead(false);
        }
        lane.execute(() -> {
            inbox.addLast(new Chunk(bytes));
            drain(false);
        });
    }

    /** Input not yet given to the session; {@code offset} moves as slices are fed. */
    private static final class Chunk {
        final byte[] bytes;
        int offset;

        Chunk(byte[] bytes) {
            this.bytes = bytes;
        }
    }

    /**
     * On the lane: gives the inbox to the session a slice at a time, in order, until it is empty or must wait: for the
     * unwritten output to go down under {@link #OUTPUT_LIMIT}, or for the login pool, where a slice that may ask for a
     * password check runs (ADR 0047); then nothing overtakes it. On the login pool one slice is fed, and the rest goes
     * back to the main pool.
     */
    private void drain(boolean onLoginPool) {
        if (onLoginPool) {
            loginQueued = false;
        } else if (loginQueued) {
            return; // the head waits for the login pool
        }
        try {
            while (!inbox.isEmpty()) {
                Chunk chunk = inbox.peekFirst();
                if (closing) {
                    dropInbox();
                    return;
                }
                if (unwritten() > OUTPUT_LIMIT) {
                    parkUntilWritten();
                    return;
                }
                int n = Math.min(SLICE, chunk.bytes.length - chunk.offset);
                ByteBuffer slice = ByteBuffer.wrap(chunk.bytes, chunk.offset, n);
                if (!onLoginPool && session.mayAuthenticate(slice)) {
                    loginQueued = true;
                    lane.executeLogin(() -> drain(true), loginAttempts++ > 0);
                    return;
                }
                try {
                    apply(session.receive(slice));
                    awaitingLogin = session.awaitingLogin();
                    watchCommand();
                } finally {
                    chunk.offset += n;
                    inputDone(n);
                    if (chunk.offset == chunk.bytes.length) {
                        inbox.pollFirst();
                    }
                }
                if (onLoginPool) {
                    if (!inbox.isEmpty()) {
                        lane.execute(() -> drain(false));
                    }
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, listenerName + ": session failed; closing " + channel.remoteAddress(), e);
            closing = true;
            channel.close();
            dropInbox();
        }
    }

    /**
     * On the lane, after input was fed: when a command starts arriving, a timer of one idle timeout starts; if the
     * same command is still incomplete when it fires, the connection gets the idle reply and is closed, however
     * slowly the client keeps sending (slowloris, issue 14). Message content is not a command (ADR 0072).
     */
    private void watchCommand() {
        boolean now = session.midCommand();
        if (now == midCommand) {
            return;
        }
        midCommand = now;
        long epoch = commandEpoch.incrementAndGet();
        if (now) {
            IdleStateHandler idle = channel.pipeline().get(IdleStateHandler.class);
            if (idle != null) {
                channel.eventLoop().schedule(() -> commandTimedOut(epoch), idle.getReaderIdleTimeInMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }
    }

    /** On the event loop: the command that started at {@code epoch} took an idle timeout and is not complete. */
    private void commandTimedOut(long epoch) {
        if (closing || commandEpoch.get() != epoch || !channel.isActive()) {
            return;
        }
        closing = true;
        metrics.idleTimeout();
        LOG.fine(() -> listenerName + ": a command took longer than the idle timeout, closing "
                + channel.remoteAddress());
        channel.writeAndFlush(Unpooled.wrappedBuffer(factory.idleTimeoutReply()))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** On the lane: {@code length} bytes of input left the queue; reading resumes when it is short again. */
    private void inputDone(int length) {
        long left = queuedBytes.addAndGet(-length);
        long low = lowWater();
        if (left <= low && (left + length > low || !channel.config().isAutoRead())) {
            channel.eventLoop().execute(this::resumeReading);
        }
    }

    /**
     * On the lane, with input waiting for the output: asks the next write that brings the output down to
     * {@link #OUTPUT_RESUME} to hand the inbox back to the lane; if that happened already, hands it back now.
     */
    private void parkUntilWritten() {
        parkedWaiting.set(true);
        if (unwritten() <= OUTPUT_RESUME && parkedWaiting.compareAndSet(true, false)) {
            lane.execute(() -> drain(false));
        }
    }

    /** On the lane: the input not yet given to the session is discarded. */
    private void dropInbox() {
        for (Chunk chunk : inbox) {
            inputDone(chunk.bytes.length - chunk.offset);
        }
        inbox.clear();
    }

    private long unwritten() {
        synchronized (unwrittenLock) {
            return unwritten;
        }
    }

    /** Any thread: {@code length} more bytes of output are on their way to the event loop. */
    private void queuedOutput(int length) {
        synchronized (unwrittenLock) {
            if (unwritten == 0) {
                lastWriteProgress = System.nanoTime();
            }
            unwritten += length;
        }
    }

    /**
     * On the lane, in the middle of a long reply: queues the bytes for the event loop behind everything the lane
     * produced before, then waits while more than {@link #UNWRITTEN_LIMIT} bytes are queued and not yet written, so a
     * slow reader holds a long reply back instead of it piling up in memory.
     */
    private void stream(byte[] bytes) {
        if (closing || bytes.length == 0) {
            return;
        }
        queuedOutput(bytes.length);
        channel.eventLoop().execute(() -> emit(new ProtocolOutput(bytes, false, false)));
        synchronized (unwrittenLock) {
            long stalledSince = System.nanoTime();
            long before = unwritten;
            while (unwritten > UNWRITTEN_LIMIT && channel.isActive() && !closing) {
                if (unwritten < before) {
                    before = unwritten;
                    stalledSince = System.nanoTime();
                } else if (System.nanoTime() - stalledSince > STREAM_STALL.toNanos()) {
                    // the client stopped reading: free the worker rather than hold it forever
                    LOG.warning(() -> listenerName + ": client read nothing of a long reply for " + STREAM_STALL
                            + "; closing " + channel.remoteAddress());
                    closing = true;
                    channel.close();
                    return;
                }
                try {
                    unwrittenLock.wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Any thread: {@code length} bytes of output were written to the socket, or dropped with the connection. */
    private void written(int length) {
        long left;
        synchronized (unwrittenLock) {
            unwritten -= length;
            left = unwritten;
            lastWriteProgress = System.nanoTime();
            unwrittenLock.notifyAll();
        }
        if (left <= OUTPUT_RESUME && parkedWaiting.compareAndSet(true, false)) {
            lane.execute(() -> drain(false));
        }
    }

    /** Any thread: queues {@link ProtocolSession#wake()} on the lane. */
    private void wake() {
        if (closing) {
            return;
        }
        lane.execute(() -> {
            try {
                if (!closing && session != null) {
                    apply(session.wake());
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, listenerName + ": session failed on wake-up; closing " + channel.remoteAddress(),
                        e);
                closing = true;
                channel.close();
            }
        });
    }

    /** On the event loop: reading resumes when no reason to hold it remains. */
    private void resumeReading() {
        if (!closing && !channel.config().isAutoRead() && queuedBytes.get() <= lowWater() && delayed.isEmpty()
                && channel.isWritable()) {
            channel.config().setAutoRead(true);
        }
    }

    /** On the lane: writes what the session produced and carries out its instruction, now or after its delay. */
    private void apply(ProtocolOutput output) {
        if (output.bytes().length == 0 && !output.startTls() && !output.close()) {
            return;
        }
        if (output.close()) {
            closing = true; // no further input is processed, even while the last reply waits out a delay
        }
        queuedOutput(output.bytes().length);
        channel.eventLoop().execute(() -> emit(output));
    }

    /** On the event loop: in order behind any delayed output. */
    private void emit(ProtocolOutput output) {
        if (!delayed.isEmpty()) {
            delayed.addLast(output);
        } else if (!output.delay().isZero()) {
            delayed.addLast(output);
            channel.config().setAutoRead(false);
            channel.eventLoop().schedule(this::releaseDelayed, output.delay().toNanos(), TimeUnit.NANOSECONDS);
        } else {
            write(output);
        }
    }

    /** On the event loop: the head's delay is over; write it and whatever followed it up to the next delay. */
    private void releaseDelayed() {
        write(delayed.pollFirst());
        while (!delayed.isEmpty()) {
            ProtocolOutput next = delayed.peekFirst();
            if (!next.delay().isZero()) {
                channel.eventLoop().schedule(this::releaseDelayed, next.delay().toNanos(), TimeUnit.NANOSECONDS);
                return;
            }
            write(delayed.pollFirst());
        }
        resumeReading();
    }

    /** On the event loop. Every output's bytes count as written once the socket took them, or were dropped. */
    private void write(ProtocolOutput output) {
        int length = output.bytes().length;
        if (!channel.isActive()) {
            written(length);
            return;
        }
        if (output.startTls()) {
            installStartTls(output.bytes());
        } else if (output.close()) {
            closing = true;
            channel.writeAndFlush(Unpooled.wrappedBuffer(output.bytes()))
                    .addListener(f -> written(length))
                    .addListener(ChannelFutureListener.CLOSE);
        } else if (length > 0) {
            channel.writeAndFlush(Unpooled.wrappedBuffer(output.bytes())).addListener(f -> written(length));
        }
    }

    /** On the event loop: TLS first in the pipeline, then the (still plaintext) reply. */
    private void installStartTls(byte[] reply) {
        if (!channel.isActive()) {
            return;
        }
        if (sslContext == null || channel.pipeline().get(TLS_HANDLER) != null) {
            LOG.warning(() -> listenerName + ": STARTTLS without a TLS context or twice; closing " + channel);
            written(reply.length);
            channel.close();
            return;
        }
        tlsPending = true;
        channel.pipeline().addFirst(TLS_HANDLER, new SslHandler(sslContext.newEngine(channel.alloc()), true));
        channel.writeAndFlush(Unpooled.wrappedBuffer(reply)).addListener(f -> written(reply.length));
    }

    private void tlsEstablished() {
        tlsPending = false;
        metrics.tlsHandshake();
        lane.execute(() -> {
            // input parked behind the output was read before the handshake: plaintext, never executed over TLS
            dropInbox();
            if (!closing) {
                session.tlsStarted();
            }
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent handshake) {
            if (!handshake.isSuccess()) {
                LOG.log(Level.FINE, listenerName + ": TLS handshake failed with " + channel.remoteAddress(),
                        handshake.cause());
                closing = true;
                ctx.close();
            } else if (tlsPending) {
                tlsEstablished();
            } else {
                metrics.tlsHandshake(); // implicit TLS
            }
        } else if (evt instanceof IdleStateEvent) {
            if (!closing && outputStalledFor(idleTimeout(ctx))) {
                // the client reads nothing of what it asked for: the input it sent waits for ever otherwise
                closing = true;
                metrics.idleTimeout();
                LOG.fine(() -> listenerName + ": client read no output for an idle timeout, closing "
                        + channel.remoteAddress());
                ctx.close();
            } else if (!closing && queuedBytes.get() == 0 && lane.pending() == 0) {
                closing = true;
                metrics.idleTimeout();
                LOG.fine(() -> listenerName + ": idle timeout, closing " + channel.remoteAddress());
                ctx.writeAndFlush(Unpooled.wrappedBuffer(factory.idleTimeoutReply()))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    /** Reading stops while Netty's outbound buffer is over its high-water mark, and resumes below the low one. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(false);
        } else {
            resumeReading();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Output waits to be written and none of it was written for {@code idle}. */
    private boolean outputStalledFor(Duration idle) {
        synchronized (unwrittenLock) {
            return unwritten > 0 && System.nanoTime() - lastWriteProgress >= idle.toNanos();
        }
    }

    private static Duration idleTimeout(ChannelHandlerContext ctx) {
        IdleStateHandler idle = ctx.pipeline().get(IdleStateHandler.class);
        return idle == null ? STREAM_STALL : Duration.ofMillis(idle.getReaderIdleTimeInMillis());
    }

    private long highWater() {
        return awaitingLogin ? PRE_LOGIN_HIGH_WATER : HIGH_WATER;
    }

    private long lowWater() {
        return awaitingLogin ? PRE_LOGIN_LOW_WATER : LOW_WATER;
    }

    /** Bytes of input read and not yet given to the session (for tests and metrics). */
    long queuedInputBytes() {
        return queuedBytes.get();
    }

    /** Bytes of output not yet written to the socket (for tests and metrics). */
    long unwrittenBytes() {
        return unwritten();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        metrics.connectionClosed();
        lane.execute(() -> {
            dropInbox();
            if (session != null) {
                session.close();
            }
        });
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Level level = cause instanceof IOException ? Level.FINE : Level.WARNING;
        LOG.log(level, listenerName + ": connection error with " + ctx.channel().remoteAddress(), cause);
        closing = true;
        ctx.close();
    }

    /** Writes the shutdown reply and closes; any thread. */
    void shutdown() {
        closing = true;
        channel.writeAndFlush(Unpooled.wrappedBuffer(factory.shutdownReply())).addListener(ChannelFutureListener.CLOSE);
    }
}
