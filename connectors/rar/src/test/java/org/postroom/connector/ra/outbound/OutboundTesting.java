package org.postroom.connector.ra.outbound;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.postroom.connector.api.BodyType;
import org.postroom.connector.api.outbound.MessageSource;
import org.postroom.connector.api.outbound.OutboundRecipient;
import org.postroom.connector.api.outbound.OutboundTransaction;
import org.postroom.connector.api.outbound.RelayLogin;
import org.postroom.connector.api.outbound.RemoteHost;
import org.postroom.connector.api.outbound.TlsPolicy;
import org.postroom.connector.api.outbound.TransactionOutcome;
import org.postroom.connector.ra.net.NetworkRuntime;
import org.postroom.protocol.smtp.client.ClientTimeouts;

/** The network runtime on a plain thread pool, an outbound client over it, and transaction builders. */
final class OutboundTesting implements AutoCloseable {

    static final String MESSAGE = "From: alice@postroom.test\r\nTo: bob@remote.test\r\nSubject: hello\r\n\r\n"
            + "first line\r\n.a line that starts with a period\r\n..two periods\r\n.\r\nlast line\r\n";

    private final ExecutorService threads;
    final NetworkRuntime runtime;
    final OutboundClient client;

    OutboundTesting(OutboundSettings settings) throws Exception {
        AtomicInteger n = new AtomicInteger();
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-out-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        runtime = new NetworkRuntime(threads, 2, 4);
        client = new OutboundClient(runtime, settings);
    }

    OutboundTesting() throws Exception {
        this(settings(100, 20, Optional.empty(), Duration.ofSeconds(10)));
    }

    static OutboundSettings settings(int max, int perHost, Optional<String> trustStore, Duration idle) {
        ClientTimeouts t = ClientTimeouts.RFC_5321;
        return new OutboundSettings(max, perHost, trustStore, new String(TestCa.PASSWORD),
                new ClientTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20), t.mail(), t.rcpt(), t.dataInit(),
                        t.dataBlock(), t.dataEnd(), idle));
    }

    TransactionOutcome send(OutboundTransaction tx) throws Exception {
        return await(client.send(tx));
    }

    static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static OutboundTransaction tx(List<RemoteHost> hosts, TlsPolicy tls, Optional<RelayLogin> login, String content,
            String... recipients) {
        List<OutboundRecipient> rcpts = new ArrayList<>();
        for (String r : recipients) {
            rcpts.add(OutboundRecipient.of(r));
        }
        return new OutboundTransaction(hosts, tls, login, "out.postroom.test", "alice@postroom.test", rcpts,
                BodyType.SEVEN_BIT, false, Optional.empty(), Optional.empty(), source(content));
    }

    static OutboundTransaction tx(RemoteHost host, String... recipients) {
        return tx(List.of(host), TlsPolicy.OPPORTUNISTIC, Optional.empty(), MESSAGE, recipients);
    }

    static MessageSource source(String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new MessageSource() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        };
    }

    /** A loopback port nobody listens on (connection refused). */
    static RemoteHost refusingHost(String name) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        return new RemoteHost(name, InetAddress.getLoopbackAddress(), port);
    }

    @Override
    public void close() {
        client.close();
        runtime.shutdown(Duration.ofSeconds(5));
        threads.shutdownNow();
    }
}
