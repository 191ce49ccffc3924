package org.postroom.connector.ra.outbound;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.postroom.connector.api.outbound.MessageSource;
import org.postroom.connector.api.outbound.TransactionOutcome;
import org.postroom.connector.ra.net.OrderedDispatcher;
import org.postroom.protocol.smtp.client.ClientEvents;
import org.postroom.protocol.smtp.client.ClientReply;
import org.postroom.protocol.smtp.client.ClientTimeouts;
import org.postroom.protocol.smtp.client.ClientTransport;
import org.postroom.protocol.smtp.client.DotStuffer;
import org.postroom.protocol.smtp.client.SmtpClientSession;

/**
 * One outbound SMTP connection: the Netty handler under a {@link SmtpClientSession}. Everything here runs on the
 * channel's event loop except reading the message content, which runs on a dispatch lane ({@link #pump()}), one
 * {@value #CHUNK}-octet chunk at a time: the next chunk is read only when the last one was handed to the channel and
 * the channel is writable, so a slow server holds the reading back instead of the content piling up in memory.
 */
final class OutboundConnection extends ChannelInboundHandlerAdapter implements ClientTransport, ClientEvents {

    private static final Logger LOG = Logger.getLogger(OutboundConnection.class.getName());
    static final int CHUNK = 64 * 1024;
    static final String TLS_HANDLER = "tls";

    private final OutboundClient client;
    private final OutboundClient.SessionKey key;
    private final ClientTimeouts timeouts;
    private final OrderedDispatcher.SerialExecutor lane;
    private final SmtpClientSession session;

    private volatile Channel channel;
    /** Event loop only. */
    private OutboundClient.Attempt attempt;
    private boolean reused;
    private ScheduledFuture<?> timer;
    private ScheduledFuture<?> idleTimer;
    /** The transmission in progress: event loop and lane, one at a time. */
    private volatile Transmission transmission;
    private boolean pumpWaitsForWritability;

    OutboundConnection(OutboundClient client, OutboundClient.SessionKey key, ClientTimeouts timeouts,
            OrderedDispatcher.SerialExecutor lane, OutboundClient.Attempt first) {
        this.client = client;
        this.key = key;
        this.timeouts = timeouts;
        this.lane = lane;
        this.attempt = first;
        this.session = new SmtpClientSession(key.host(), key.tls(), key.login(), key.heloName(), key.clear(),
                timeouts, this, this);
    }

    OutboundClient.SessionKey key() {
        return key;
    }

    // ---- Netty

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        session.begin(attempt.tx);
        session.connected();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            session.receive(buf.nioBuffer());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "outbound: session with " + key.host() + " failed", e);
            ctx.close();
        } finally {
            buf.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel(timer);
        cancel(idleTimer);
        Transmission t = transmission;
        if (t != null) {
            t.abandoned = true;
            lane.execute(t::closeStream);
        }
        session.connectionClosed();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && pumpWaitsForWritability) {
            pumpWaitsForWritability = false;
            lane.execute(this::pump);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (!done.isSuccess()) {
                session.tlsFailed(reason(done.cause()));
            } else {
                SslHandler ssl = (SslHandler) ctx.pipeline().get(TLS_HANDLER);
                Optional<String> mismatch = OutboundTls.nameMismatch(key.tls(), key.host(),
                        ssl.engine().getSession());
                if (mismatch.isPresent()) {
                    session.tlsFailed(mismatch.get());
                } else {
                    session.tlsStarted();
                }
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.fine(() -> "outbound: connection to " + key.host() + ": " + cause);
        ctx.close();
    }

    // ---- the pool

    /** Runs a transaction on this (idle, pooled) session. Any thread. */
    void run(OutboundClient.Attempt next) {
        channel.eventLoop().execute(() -> {
            cancel(idleTimer);
            attempt = next;
            reused = true;
            if (session.idle() && channel.isActive()) {
                session.begin(next.tx);
            } else {
                next.sessionFailed(new SessionFailure(ClientReply.composed(451, "4.4.2",
                        "pooled connection to " + key.host() + " was closed"), false), true);
            }
        });
    }

    /** On the event loop: the session waits in the pool; QUIT after {@code idle} unless it is taken. */
    void idleFor(Duration idle) {
        cancel(idleTimer);
        idleTimer = channel.eventLoop().schedule(() -> {
            if (client.takeIdle(this)) {
                session.quit();
            }
        }, idle.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Taken out of the pool to make room: QUIT. Any thread. */
    void quitWhenIdle() {
        channel.eventLoop().execute(() -> {
            cancel(idleTimer);
            if (session.idle()) {
                session.quit();
            } else {
                channel.close();
            }
        });
    }

    // ---- ClientEvents (event loop)

    @Override
    public void transactionDone(TransactionOutcome outcome) {
        OutboundClient.Attempt done = attempt;
        attempt = null;
        if (session.idle()) {
            client.idle(this); // pooled before the caller hears of the outcome: its next send finds it
        }
        done.done(outcome);
    }

    @Override
    public void sessionFailed(SessionFailure failure) {
        OutboundClient.Attempt failed = attempt;
        attempt = null;
        failed.sessionFailed(failure, reused);
    }

    // ---- ClientTransport (event loop)

    @Override
    public void write(byte[] bytes) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes));
    }

    @Override
    public void startTls() {
        SslHandler ssl = new SslHandler(client.tls().newEngine(key.tls(), key.host(), channel.alloc()));
        ssl.setHandshakeTimeout(timeouts.greeting().toMillis(), TimeUnit.MILLISECONDS);
        channel.pipeline().addFirst(TLS_HANDLER, ssl);
    }

    @Override
    public void sendContent() {
        transmission = new Transmission(attempt.tx.content());
        lane.execute(this::pump);
    }

    @Override
    public void awaitReply(Duration timeout) {
        cancel(timer);
        timer = channel.eventLoop().schedule(session::timeout, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void stopTimer() {
        cancel(timer);
        timer = null;
    }

    @Override
    public void close() {
        cancel(idleTimer);
        if (channel != null) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    // ---- content

    /** One sending of the content: the open stream and the stuffer. Lane only, except the flag. */
    private static final class Transmission {
        final MessageSource source;
        final DotStuffer stuffer = new DotStuffer();
        InputStream in;
        volatile boolean abandoned;

        Transmission(MessageSource source) {
            this.source = source;
        }

        void closeStream() {
            if (in != null) {
                try {
                    in.close();
                } catch (IOException e) {
                    LOG.log(Level.FINE, "closing a message source", e);
                }
                in = null;
            }
        }
    }

    /** On the lane: reads one chunk and hands it to the event loop. */
    private void pump() {
        Transmission t = transmission;
        if (t == null || t.abandoned) {
            if (t != null) {
                t.closeStream();
            }
            return;
        }
        try {
            if (t.in == null) {
                t.in = t.source.open();
            }
            byte[] buffer = new byte[CHUNK];
            int n = t.in.readNBytes(buffer, 0, CHUNK);
            if (n <= 0) {
                t.closeStream();
                byte[] end = t.stuffer.finish();
                channel.eventLoop().execute(() -> writeContent(t, end, true));
            } else {
                byte[] out = t.stuffer.stuff(buffer, 0, n);
                channel.eventLoop().execute(() -> writeContent(t, out, false));
            }
        } catch (IOException | RuntimeException e) {
            t.closeStream();
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            channel.eventLoop().execute(() -> {
                if (transmission == t) {
                    transmission = null;
                    session.contentFailed(reason);
                }
            });
        }
    }

    /** On the event loop: writes a chunk, re-arms the data block timer, asks for the next chunk. */
    private void writeContent(Transmission t, byte[] bytes, boolean last) {
        if (transmission != t || t.abandoned || !channel.isActive()) {
            return;
        }
        awaitReply(timeouts.dataBlock());
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(f -> {
            if (!f.isSuccess() || transmission != t) {
                return; // the close that follows a failed write settles the transaction
            }
            if (last) {
                transmission = null;
                session.contentSent();
            } else {
                awaitReply(timeouts.dataBlock());
            }
        });
        if (!last) {
            if (channel.isWritable()) {
                lane.execute(this::pump);
            } else {
                pumpWaitsForWritability = true;
            }
        }
    }

    private static String reason(Throwable cause) {
        Throwable c = cause;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
        return m.length() > 200 ? m.substring(0, 200) : m;
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
