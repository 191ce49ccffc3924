package org.postroom.connector.ra.smtp;

import org.postroom.connector.ra.net.ListenerKind;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.postroom.connector.ra.net.ListenerSettings;
import org.postroom.connector.ra.net.NetworkRuntime;
import org.postroom.connector.ra.net.ProtocolServer;
import org.postroom.connector.ra.net.TlsContexts;
import org.postroom.connector.ra.net.TlsMode;
import org.postroom.protocol.AuthFailurePolicy;
import org.postroom.protocol.smtp.SmtpConfig;

/** The network core with an SMTP listener on a free loopback port, a plain thread pool and a fake listener. */
final class SmtpHarness implements AutoCloseable {

    static final String HOSTNAME = "mx.postroom.test";

    final FakeAcceptanceListener listener = new FakeAcceptanceListener();
    final Path spoolDirectory;
    private final ExecutorService threads;
    private final NetworkRuntime runtime;
    final ProtocolServer server;

    private SmtpHarness(Builder b) throws IOException {
        AtomicInteger n = new AtomicInteger();
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-net-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        runtime = new NetworkRuntime(threads, 2, 8);
        spoolDirectory = b.dataDir.resolve("spool");
        Optional<SslContext> ssl = b.tlsMode == TlsMode.NONE ? Optional.empty() : Optional.of(sslContext(b.dataDir));
        ListenerSettings network = new ListenerSettings(b.kind.configName() + "/test", "127.0.0.1", 0,
                b.maxConnections, b.idleTimeout, b.tlsMode, ssl, b.maxConnectionsPerAddress, b.exemptLoopback,
                b.connectionsPerMinute);
        SmtpListenerSettings settings = new SmtpListenerSettings(b.kind, network, HOSTNAME, b.maxMessageBytes, 100,
                true, spoolDirectory, b.maxAuthFailures, SmtpConfig.DEFAULT_SOFT_ERROR_LIMIT,
                SmtpConfig.DEFAULT_HARD_ERROR_LIMIT, SmtpConfig.DEFAULT_ERROR_DELAY, b.messagesPerMinute);
        server = SmtpServer.start(runtime, settings, listener, b.authFailures);
    }

    private static SslContext sslContext(Path dataDir) {
        try {
            return TlsContexts.serverContext("", "", dataDir.resolve("tls"), HOSTNAME);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    InetSocketAddress address() {
        return server.localAddress();
    }

    SmtpClient connect() throws IOException {
        return SmtpClient.connect(address());
    }

    @Override
    public void close() {
        server.close();
        runtime.shutdown(Duration.ofSeconds(10));
        threads.shutdownNow();
    }

    static final class Builder {
        private final Path dataDir;
        private ListenerKind kind = ListenerKind.SMTP;
        private TlsMode tlsMode = TlsMode.NONE;
        private int maxConnections = 10_000;
        private Duration idleTimeout = Duration.ofSeconds(300);
        private long maxMessageBytes = 50L * 1024 * 1024;
        private int maxAuthFailures = 3;
        private int maxConnectionsPerAddress = Integer.MAX_VALUE;
        private boolean exemptLoopback = true;
        private int connectionsPerMinute;
        private int messagesPerMinute;
        private AuthFailurePolicy authFailures = AuthFailurePolicy.NONE;

        private Builder(Path dataDir) {
            this.dataDir = dataDir;
        }

        Builder kind(ListenerKind value) {
            kind = value;
            return this;
        }

        Builder tls(TlsMode value) {
            tlsMode = value;
            return this;
        }

        Builder maxConnections(int value) {
            maxConnections = value;
            return this;
        }

        Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        Builder authFailures(AuthFailurePolicy value) {
            authFailures = value;
            return this;
        }

        /** Connections per client address; the tests run on loopback, so {@code exemptLoopback} false to count them. */
        Builder maxConnectionsPerAddress(int value, boolean exemptLoopback) {
            maxConnectionsPerAddress = value;
            this.exemptLoopback = exemptLoopback;
            return this;
        }

        /** Rates per client address and minute (0: none); the tests run on loopback, so they set exemptLoopback false. */
        Builder rates(int connections, int messages, boolean exemptLoopback) {
            connectionsPerMinute = connections;
            messagesPerMinute = messages;
            this.exemptLoopback = exemptLoopback;
            return this;
        }

        Builder maxAuthFailures(int value) {
            maxAuthFailures = value;
            return this;
        }

        SmtpHarness start() throws IOException {
            return new SmtpHarness(this);
        }
    }
}
