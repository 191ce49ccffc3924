package org.postroom.connector.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkManager;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postroom.connector.api.Accepted;
import org.postroom.connector.api.SmtpAcceptanceListener;
import org.postroom.protocol.imap.MessageCache;

/**
 * The JCA layer with a fake container: Works on plain threads, message endpoints as proxies that count how many are
 * alive. Checks one endpoint per call (never held), and that the network Works end on the last deactivation.
 */
@Timeout(60)
class PostroomResourceAdapterTest {

    @TempDir
    Path dataDir;

    private final AtomicInteger runningWorks = new AtomicInteger();
    private final AtomicInteger liveEndpoints = new AtomicInteger();
    private final AtomicInteger maxLiveEndpoints = new AtomicInteger();
    private final AtomicInteger createdEndpoints = new AtomicInteger();

    @Test
    void anActivatedEndpointServesSmtpWithOneMessageEndpointPerCallAndStopsItsWorksOnDeactivation()
            throws Exception {
        PostroomResourceAdapter ra = new PostroomResourceAdapter();
        ra.setDispatchThreads(2);
        ra.setIoThreads(1);
        ra.start(bootstrapContext());
        SmtpActivationSpec spec = new SmtpActivationSpec();
        int port = freePort();
        spec.setPort(port);
        spec.setHostname("mx.postroom.test");
        spec.setDataDir(dataDir.toString());
        spec.setResourceAdapter(ra);
        spec.validate();
        MessageEndpointFactory factory = endpointFactory();

        ra.endpointActivation(factory, spec);
        assertTrue(runningWorks.get() >= 3, "the acceptor loop and the dispatch workers run as Works");
        assertTrue(Files.exists(dataDir.resolve("tls").resolve("selfsigned.p12")));
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            assertEquals("220 mx.postroom.test ESMTP Postroom", in.readLine());
            out.write(("EHLO c.example.org\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@postroom.test>\r\n"
                    + "RCPT TO:<c@postroom.test>\r\nDATA\r\n").getBytes(StandardCharsets.US_ASCII));
            String line;
            do {
                line = in.readLine();
            } while (!line.startsWith("354"));
            out.write("Subject: x\r\n\r\nhello\r\n.\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("250 2.0.0 Ok: queued as MDB-1", in.readLine());
            assertEquals("221 2.0.0 Bye", in.readLine());
        }
        assertEquals(4, createdEndpoints.get(), "checkSender, 2 x checkRecipient, accept");
        assertEquals(0, liveEndpoints.get(), "every endpoint released");
        assertEquals(1, maxLiveEndpoints.get());
        assertEquals(1, ra.getListenerMetrics().get("smtp/" + port).messagesAccepted());

        ra.endpointDeactivation(factory, spec);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (runningWorks.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, runningWorks.get(), "network Works end with the last endpoint");
        assertThrows(java.io.IOException.class, () -> new Socket("127.0.0.1", port).close());
        ra.stop();
    }

    @Test
    void invalidActivationSpecsAreRefused() {
        SmtpActivationSpec spec = new SmtpActivationSpec();
        spec.setKind("lmtp");
        assertThrows(InvalidPropertyException.class, spec::validate);
        SmtpActivationSpec badPort = new SmtpActivationSpec();
        badPort.setPort(70000);
        assertThrows(InvalidPropertyException.class, badPort::validate);
        SmtpActivationSpec badHost = new SmtpActivationSpec();
        badHost.setHostname("mx (evil)");
        assertThrows(InvalidPropertyException.class, badHost::validate);
    }

    @Test
    void activationSpecDefaultsMatchTheDocumentation() {
        SmtpActivationSpec spec = new SmtpActivationSpec();
        assertEquals("smtp", spec.getKind());
        assertEquals("127.0.0.1", spec.getBindAddress());
        assertEquals(50 * 1024 * 1024, spec.getMaxMessageBytes());
        assertEquals(100, spec.getMaxRecipients());
        assertEquals(300, spec.getIdleTimeoutSeconds());
        assertEquals(10_000, spec.getMaxConnections());
        assertTrue(spec.getAllowPlaintextAuthOnLoopback());
    }

    @Test
    void imapActivationSpecTakesTheMessageCacheCapacityDefault64MiBAndRefusesNegative() throws Exception {
        ImapActivationSpec spec = new ImapActivationSpec();
        assertEquals(64L * 1024 * 1024, spec.getMessageCacheBytes());
        spec.setMessageCacheBytes(0L);
        spec.validate();
        spec.setMessageCacheBytes(null);
        assertEquals(0L, spec.getMessageCacheBytes(), "an unset property keeps the value");
        spec.setMessageCacheBytes(-1L);
        assertThrows(InvalidPropertyException.class, spec::validate);
    }

    @Test
    void theImapAndImapsListenersShareOneMessageCacheDroppedWithTheLastEndpoint() throws Exception {
        PostroomResourceAdapter ra = new PostroomResourceAdapter();
        ra.setDispatchThreads(2);
        ra.setIoThreads(1);
        ra.start(bootstrapContext());
        ImapActivationSpec imap = imapSpec(ra, "imap", 1234567L);
        ImapActivationSpec imaps = imapSpec(ra, "imaps", 1234567L);
        MessageEndpointFactory factory = endpointFactory();
        MessageEndpointFactory factory2 = endpointFactory();
        assertTrue(ra.imapMessageCache().isEmpty());
        ra.endpointActivation(factory, imap);
        MessageCache shared = ra.imapMessageCache().orElseThrow();
        assertEquals(1234567L, shared.capacityBytes());
        ra.endpointActivation(factory2, imaps);
        assertSame(shared, ra.imapMessageCache().orElseThrow(), "one cache for both listeners");
        ra.endpointDeactivation(factory, imap);
        assertSame(shared, ra.imapMessageCache().orElseThrow());
        ra.endpointDeactivation(factory2, imaps);
        assertTrue(ra.imapMessageCache().isEmpty(), "memory given back with the last endpoint");
        ra.stop();
    }

    private ImapActivationSpec imapSpec(PostroomResourceAdapter ra, String kind, long cacheBytes) throws Exception {
        ImapActivationSpec spec = new ImapActivationSpec();
        spec.setKind(kind);
        spec.setPort(freePort());
        spec.setHostname("imap.postroom.test");
        spec.setDataDir(dataDir.toString());
        spec.setMessageCacheBytes(cacheBytes);
        spec.setResourceAdapter(ra);
        spec.validate();
        return spec;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private BootstrapContext bootstrapContext() {
        WorkManager workManager = proxy(WorkManager.class, (p, m, args) -> {
            if (m.getName().equals("scheduleWork")) {
                Work work = (Work) args[0];
                runningWorks.incrementAndGet();
                Thread t = new Thread(() -> {
                    try {
                        work.run();
                    } finally {
                        runningWorks.decrementAndGet();
                    }
                });
                t.setDaemon(true);
                t.start();
                return null;
            }
            throw new UnsupportedOperationException(m.getName());
        });
        return proxy(BootstrapContext.class, (p, m, args) -> {
            if (m.getName().equals("getWorkManager")) {
                return workManager;
            }
            throw new UnsupportedOperationException(m.getName());
        });
    }

    private MessageEndpointFactory endpointFactory() {
        SmtpAcceptanceListener bean = new SmtpAcceptanceListener() {
            @Override
            public java.time.Duration checkSender(org.postroom.connector.api.SessionContext session,
                    org.postroom.connector.api.ReversePath from, org.postroom.connector.api.MailParameters p) {
                return java.time.Duration.ZERO;
            }

            @Override
            public void checkRecipient(org.postroom.connector.api.SessionContext session,
                    org.postroom.connector.api.ReversePath from, org.postroom.connector.api.MailParameters p,
                    org.postroom.connector.api.MailAddress recipient) {
            }

            @Override
            public Accepted accept(org.postroom.connector.api.SessionContext session, String queueId,
                    org.postroom.connector.api.ReversePath from,
                    java.util.List<org.postroom.connector.api.MailAddress> r,
                    java.io.InputStream content, long size) throws java.io.IOException {
                content.readAllBytes();
                return new Accepted("MDB-1");
            }

            @Override
            public org.postroom.connector.api.AuthenticationResult authenticate(
                    org.postroom.connector.api.SessionContext session,
                    org.postroom.connector.api.Credentials credentials) {
                return org.postroom.connector.api.AuthenticationResult.invalidCredentials();
            }
        };
        return proxy(MessageEndpointFactory.class, (p, m, args) -> switch (m.getName()) {
            case "createEndpoint" -> {
                createdEndpoints.incrementAndGet();
                maxLiveEndpoints.accumulateAndGet(liveEndpoints.incrementAndGet(), Math::max);
                yield Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[]{SmtpAcceptanceListener.class, MessageEndpoint.class}, endpoint(bean));
            }
            case "isDeliveryTransacted" -> false;
            case "hashCode" -> System.identityHashCode(p);
            case "equals" -> p == args[0];
            default -> throw new UnsupportedOperationException(m.getName());
        });
    }

    private InvocationHandler endpoint(SmtpAcceptanceListener bean) {
        AtomicInteger released = new AtomicInteger();
        return (p, m, args) -> {
            if (m.getName().equals("release")) {
                if (released.getAndIncrement() == 0) {
                    liveEndpoints.decrementAndGet();
                }
                return null;
            }
            if (m.getDeclaringClass() == SmtpAcceptanceListener.class) {
                try {
                    return m.invoke(bean, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
            throw new UnsupportedOperationException(m.getName());
        };
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(PostroomResourceAdapterTest.class.getClassLoader(), new Class<?>[]{type},
                handler);
    }

}
