package org.postroom.connector.ra.pop3;

import org.postroom.connector.ra.net.ListenerKind;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslContext;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postroom.connector.api.AuthenticatedUser;
import org.postroom.connector.api.AuthenticationResult;
import org.postroom.connector.api.Credentials;
import org.postroom.connector.api.MaildropListener;
import org.postroom.connector.api.Pop3MaildropEntry;
import org.postroom.connector.ra.net.ListenerSettings;
import org.postroom.connector.ra.net.NetworkRuntime;
import org.postroom.connector.ra.net.NonReadingPipeliner;
import org.postroom.connector.ra.net.ProtocolServer;
import org.postroom.connector.ra.net.TlsContexts;
import org.postroom.connector.ra.net.TlsMode;
import org.postroom.protocol.AuthFailurePolicy;

/** The POP3 engine behind real sockets: framing, STLS, delayed refusals and a real client (Jakarta Mail). */
class Pop3ServerTest {

    private static final String HOST = "pop.postroom.test";

    @TempDir
    Path dataDir;

    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-pop3");
        t.setDaemon(true);
        return t;
    });
    private NetworkRuntime runtime;
    private ProtocolServer server;
    private final MemoryMaildrop store = new MemoryMaildrop();

    /** alice/secret; messages keyed m1, m2...; records commits. */
    static final class MemoryMaildrop implements MaildropListener {
        final Map<String, byte[]> messages = Collections.synchronizedMap(new LinkedHashMap<>());
        final List<List<String>> commits = Collections.synchronizedList(new ArrayList<>());
        /** How long a password check takes (a hash, a directory). */
        volatile Duration authDelay = Duration.ZERO;

        @Override
        public AuthenticationResult authenticate(InetSocketAddress clientAddress, boolean tls,
                Credentials credentials) {
            try {
                Thread.sleep(authDelay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return credentials.username().equals("alice") && credentials.password().equals("secret")
                    ? AuthenticationResult.authenticated("alice")
                    : AuthenticationResult.invalidCredentials();
        }

        @Override
        public List<Pop3MaildropEntry> open(AuthenticatedUser user) {
            List<Pop3MaildropEntry> entries = new ArrayList<>();
            messages.forEach((k, v) -> entries.add(new Pop3MaildropEntry(k, v.length, "uid-" + k)));
            return entries;
        }

        @Override
        public Map<String, byte[]> contents(AuthenticatedUser user, List<String> keys) {
            Map<String, byte[]> found = new LinkedHashMap<>();
            keys.forEach(k -> found.put(k, messages.get(k)));
            return found;
        }

        @Override
        public void commit(AuthenticatedUser user, List<String> deletedKeys) {
            commits.add(List.copyOf(deletedKeys));
            deletedKeys.forEach(messages::remove);
        }

        @Override
        public void close(AuthenticatedUser user) {
        }
    }

    private InetSocketAddress start(TlsMode tls, AuthFailurePolicy policy) throws Exception {
        runtime = new NetworkRuntime(threads, 1, 4);
        Optional<SslContext> ssl = tls == TlsMode.NONE
                ? Optional.empty()
                : Optional.of(TlsContexts.serverContext("", "", dataDir.resolve("tls"), HOST));
        ListenerSettings network = new ListenerSettings("pop3/test", "127.0.0.1", 0, 100, Duration.ofSeconds(30), tls,
                ssl);
        server = Pop3Server.start(runtime,
                new Pop3ListenerSettings(ListenerKind.POP3, network, HOST, true), store, policy);
        return server.localAddress();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (runtime != null) {
            runtime.shutdown(Duration.ofSeconds(5));
        }
        threads.shutdownNow();
    }

    @Test
    void failedLoginIsAnsweredOnlyAfterThePolicyDelayWithoutBlockingOtherConnections() throws Exception {
        InetSocketAddress address = start(TlsMode.NONE, new AuthFailurePolicy() {
            @Override
            public Duration failed(InetAddress client) {
                return Duration.ofMillis(800);
            }

            @Override
            public void succeeded(InetAddress client) {
            }
        });
        try (Socket slow = new Socket(address.getAddress(), address.getPort());
                Socket other = new Socket(address.getAddress(), address.getPort())) {
            BufferedReader slowIn = reader(slow);
            BufferedReader otherIn = reader(other);
            assertTrue(slowIn.readLine().startsWith("+OK"));
            assertTrue(otherIn.readLine().startsWith("+OK"));
            long begin = System.nanoTime();
            // pipelined: the NOOP's answer must wait behind the delayed refusal, in order
            write(slow, "USER alice\r\nPASS wrong\r\nCAPA\r\n");
            assertEquals("+OK Send PASS", slowIn.readLine());
            write(other, "USER alice\r\nPASS secret\r\n");
            assertEquals("+OK Send PASS", otherIn.readLine());
            assertEquals("+OK Maildrop ready", otherIn.readLine());
            long otherDone = System.nanoTime() - begin;
            assertEquals("-ERR [AUTH] Invalid credentials", slowIn.readLine());
            long refused = System.nanoTime() - begin;
            assertEquals("+OK Capability list follows", slowIn.readLine());
            assertTrue(refused >= Duration.ofMillis(750).toNanos(),
                    "refusal came after " + refused / 1_000_000 + " ms");
            assertTrue(otherDone < refused, "the other connection was not held up");
        }
    }

    /** Issue 14: before its login, a client cannot make the server hold much of its input. */
    @Test
    void beforeLoginTheInputHeldForAClientStaysSmall() throws Exception {
        store.authDelay = Duration.ofSeconds(3);
        InetSocketAddress address = start(TlsMode.NONE, AuthFailurePolicy.NONE);
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            byte[] flood = "CAPA\r\n".repeat(400_000).getBytes(StandardCharsets.US_ASCII);
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write("USER alice\r\nPASS guess\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.write(flood);
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            writer.setDaemon(true);
            writer.start();
            long peak = 0;
            long end = System.nanoTime() + Duration.ofMillis(2000).toNanos();
            while (System.nanoTime() < end) {
                peak = Math.max(peak, server.queuedInputBytes());
                Thread.sleep(5);
            }
            assertTrue(peak > 0, "the password check held the input back");
            assertTrue(peak < 256 * 1024, "input held before login: " + peak + " bytes");
        }
    }

    /** Issue 14: replies to a client that never reads must not pile up in the heap. */
    @Test
    void aClientPipeliningCapaWithoutReadingHoldsLittleOutputAndOthersAreStillAnswered() throws Exception {
        InetSocketAddress address = start(TlsMode.NONE, AuthFailurePolicy.NONE);
        NonReadingPipeliner.Result r = NonReadingPipeliner.attack(server,
                "CAPA\r\n".getBytes(StandardCharsets.US_ASCII), 300_000, Duration.ofSeconds(3), () -> {
                    try (Socket other = new Socket(address.getAddress(), address.getPort())) {
                        other.setSoTimeout(10_000);
                        BufferedReader in = reader(other);
                        assertTrue(in.readLine().startsWith("+OK"));
                        write(other, "USER alice\r\nPASS secret\r\n");
                        assertEquals("+OK Send PASS", in.readLine());
                        assertEquals("+OK Maildrop ready", in.readLine());
                    }
                    return null;
                });
        assertTrue(r.peakQueuedOutput() < 1024 * 1024, "output held: " + r.peakQueuedOutput() + " bytes");
        assertTrue(r.meanwhile().compareTo(Duration.ofSeconds(5)) < 0, "other client took " + r.meanwhile());
    }

    @Test
    void retrOverSocketIsByteExactAndDotStuffed() throws Exception {
        byte[] message = "Subject: dots\r\n\r\n.leading dot\r\n..two\r\nend\r\n".getBytes(StandardCharsets.US_ASCII);
        store.messages.put("m1", message);
        InetSocketAddress address = start(TlsMode.NONE, AuthFailurePolicy.NONE);
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            BufferedReader in = reader(socket);
            in.readLine();
            write(socket, "USER alice\r\nPASS secret\r\nRETR 1\r\nQUIT\r\n");
            assertEquals("+OK Send PASS", in.readLine());
            assertEquals("+OK Maildrop ready", in.readLine());
            assertEquals("+OK Message follows", in.readLine());
            assertEquals("Subject: dots", in.readLine());
            assertEquals("", in.readLine());
            assertEquals("..leading dot", in.readLine());
            assertEquals("...two", in.readLine());
            assertEquals("end", in.readLine());
            assertEquals(".", in.readLine());
            assertEquals("+OK Bye", in.readLine());
        }
    }

    @Test
    void answersFromMemoryAndFromTheStoreStayInOrderOneByOneAndPipelined() throws Exception {
        int count = 40; // more than one read-ahead batch
        for (int i = 1; i <= count; i++) {
            store.messages.put("m" + i,
                    ("Subject: " + i + "\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        InetSocketAddress address = start(TlsMode.NONE, AuthFailurePolicy.NONE);
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            BufferedReader in = reader(socket);
            in.readLine();
            write(socket, "USER alice\r\nPASS secret\r\n");
            assertEquals("+OK Send PASS", in.readLine());
            assertEquals("+OK Maildrop ready", in.readLine());
            for (int i = 1; i <= count; i++) {
                write(socket, "RETR " + i + "\r\nSTAT\r\n");
                assertMessage(in, i);
                assertEquals("+OK " + count + " " + octets(), in.readLine());
            }
            StringBuilder pipelined = new StringBuilder();
            for (int i = count; i >= 1; i--) {
                pipelined.append("RETR ").append(i).append("\r\nNOOP\r\n");
            }
            write(socket, pipelined + "QUIT\r\n");
            for (int i = count; i >= 1; i--) {
                assertMessage(in, i);
                assertEquals("+OK", in.readLine());
            }
            assertEquals("+OK Bye", in.readLine());
        }
    }

    private long octets() {
        return store.messages.values().stream().mapToLong(m -> m.length).sum();
    }

    private static void assertMessage(BufferedReader in, int i) throws IOException {
        assertEquals("+OK Message follows", in.readLine());
        assertEquals("Subject: " + i, in.readLine());
        assertEquals("", in.readLine());
        assertEquals("body " + i, in.readLine());
        assertEquals(".", in.readLine());
    }

    @Test
    void jakartaMailOverStlsReadsAndDeletes() throws Exception {
        store.messages.put("m1", "Subject: one\r\n\r\nfirst\r\n".getBytes(StandardCharsets.US_ASCII));
        store.messages.put("m2", "Subject: two\r\n\r\nsecond\r\n".getBytes(StandardCharsets.US_ASCII));
        InetSocketAddress address = start(TlsMode.STARTTLS, AuthFailurePolicy.NONE);
        Properties props = new Properties();
        props.put("mail.pop3.starttls.enable", "true");
        props.put("mail.pop3.starttls.required", "true");
        // test only: the certificate is self-signed for pop.postroom.test
        props.put("mail.pop3.ssl.trust", "*");
        props.put("mail.pop3.ssl.checkserveridentity", "false");
        props.put("mail.pop3.timeout", "10000");
        Store pop = Session.getInstance(props).getStore("pop3");
        pop.connect("127.0.0.1", address.getPort(), "alice", "secret");
        Folder inbox = pop.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        Message[] messages = inbox.getMessages();
        assertEquals(2, messages.length);
        assertEquals("one", messages[0].getSubject());
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        messages[1].writeTo(raw);
        assertArrayEquals(store.messages.get("m2"), raw.toByteArray());
        messages[0].setFlag(Flags.Flag.DELETED, true);
        inbox.close(true);
        pop.close();
        assertEquals(List.of(List.of("m1")), store.commits);
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    }

    private static void write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}
