package org.postroom.protocol.imap;

import org.postroom.connector.ra.net.ListenerKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslContext;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postroom.connector.api.imap.MailboxEvents;
import org.postroom.connector.api.imap.MailboxKey;
import org.postroom.connector.ra.imap.ImapListenerSettings;
import org.postroom.connector.ra.imap.ImapServer;
import org.postroom.connector.ra.net.ListenerSettings;
import org.postroom.connector.ra.net.NetworkRuntime;
import org.postroom.connector.ra.net.NonReadingPipeliner;
import org.postroom.connector.ra.net.ProtocolServer;
import org.postroom.connector.ra.net.TlsContexts;
import org.postroom.connector.ra.net.TlsMode;
import org.postroom.protocol.AuthFailurePolicy;

/**
 * The IMAP engine behind real sockets, over the engine's in-memory store: a real client (Jakarta Mail) over
 * STARTTLS, and mailbox events waking an IDLE session through the adapter.
 */
class ImapOverNettyTest {

    private static final String HOST = "imap.postroom.test";

    @TempDir
    Path dataDir;

    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-imap");
        t.setDaemon(true);
        return t;
    });
    private final InMemoryMailStore store = new InMemoryMailStore().user("alice", "secret");
    private NetworkRuntime runtime;
    private ProtocolServer server;

    private InetSocketAddress start(TlsMode tls) throws Exception {
        runtime = new NetworkRuntime(threads, 1, 4);
        Optional<SslContext> ssl = tls == TlsMode.NONE
                ? Optional.empty()
                : Optional.of(TlsContexts.serverContext("", "", dataDir.resolve("tls"), HOST));
        ListenerSettings network = new ListenerSettings("imap/test", "127.0.0.1", 0, 100, Duration.ofSeconds(60), tls,
                ssl);
        server = ImapServer.start(runtime,
                new ImapListenerSettings(ListenerKind.IMAP, network, HOST, true, 10_000_000), store,
                AuthFailurePolicy.NONE);
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
    void mailboxEventWakesAnIdleSessionWithinASecond() throws Exception {
        store.deliver("alice", "INBOX", "Subject: one\r\n\r\nfirst\r\n");
        InetSocketAddress address = start(TlsMode.NONE);
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            assertTrue(in.readLine().startsWith("* OK"));
            out.write("a1 LOGIN alice secret\r\na2 SELECT INBOX\r\n".getBytes(StandardCharsets.US_ASCII));
            String line;
            while (!(line = in.readLine()).startsWith("a2 ")) {
                assertTrue(!line.startsWith("a1 ") || line.startsWith("a1 OK"), line);
            }
            assertTrue(line.startsWith("a2 OK"), line);
            out.write("a3 IDLE\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(in.readLine().startsWith("+ "));

            store.deliver("alice", "INBOX", "Subject: two\r\n\r\nsecond\r\n");
            long begin = System.nanoTime();
            MailboxEvents.publish(new MailboxKey(Long.MAX_VALUE, 1));
            MailboxEvents.publish(selectedKey());
            assertEquals("* 2 EXISTS", in.readLine());
            assertTrue(System.nanoTime() - begin < Duration.ofSeconds(1).toNanos());
            out.write("DONE\r\n".getBytes(StandardCharsets.US_ASCII));
            while (!(line = in.readLine()).startsWith("a3 ")) {
                // untagged updates
            }
            assertTrue(line.startsWith("a3 OK"), line);
        }
    }

    /** Issue 14: connections per client address are limited, with a clear BYE. */
    @Test
    void connectionsBeyondTheLimitPerClientAddressGetByeAndAreClosed() throws Exception {
        runtime = new NetworkRuntime(threads, 1, 4);
        ListenerSettings network = new ListenerSettings("imap/test", "127.0.0.1", 0, 100, Duration.ofSeconds(60),
                TlsMode.NONE, Optional.empty(), 2, false);
        server = ImapServer.start(runtime, new ImapListenerSettings(ListenerKind.IMAP, network, HOST, true, 10_000_000),
                store, AuthFailurePolicy.NONE);
        InetSocketAddress address = server.localAddress();
        try (Socket a = new Socket(address.getAddress(), address.getPort());
                Socket b = new Socket(address.getAddress(), address.getPort());
                Socket c = new Socket(address.getAddress(), address.getPort())) {
            assertTrue(reader(a).readLine().startsWith("* OK"));
            assertTrue(reader(b).readLine().startsWith("* OK"));
            BufferedReader refused = reader(c);
            assertEquals("* BYE " + HOST + " Too many connections from your address, try again later",
                    refused.readLine());
            assertEquals(null, refused.readLine());
        }
    }

    /** Issue 14, ADR 0071: new connections per client address and minute, IMAP's answer a BYE. */
    @Test
    void connectionsBeyondTheRatePerAddressGetByeEvenWhenTheEarlierOnesClosed() throws Exception {
        runtime = new NetworkRuntime(threads, 1, 4);
        ListenerSettings network = new ListenerSettings("imap/test", "127.0.0.1", 0, 100, Duration.ofSeconds(60),
                TlsMode.NONE, Optional.empty(), 50, false, 2);
        server = ImapServer.start(runtime, new ImapListenerSettings(ListenerKind.IMAP, network, HOST, true, 10_000_000),
                store, AuthFailurePolicy.NONE);
        InetSocketAddress address = server.localAddress();
        for (int i = 0; i < 2; i++) {
            try (Socket s = new Socket(address.getAddress(), address.getPort())) {
                assertTrue(reader(s).readLine().startsWith("* OK"));
            }
        }
        try (Socket c = new Socket(address.getAddress(), address.getPort())) {
            BufferedReader refused = reader(c);
            assertEquals("* BYE " + HOST + " Too many connections from your address, try again later",
                    refused.readLine());
            assertEquals(null, refused.readLine());
        }
        assertEquals(1, server.metrics().snapshot().connectionsRefusedRate());
    }

    private static BufferedReader reader(Socket socket) throws java.io.IOException {
        socket.setSoTimeout(10_000);
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    }

    /** Issue 14: replies to a client that never reads must not pile up in the heap. */
    @Test
    void aClientPipeliningCapabilityWithoutReadingHoldsLittleOutputAndOthersAreStillAnswered() throws Exception {
        InetSocketAddress address = start(TlsMode.NONE);
        NonReadingPipeliner.Result r = NonReadingPipeliner.attack(server,
                "a CAPABILITY\r\n".getBytes(StandardCharsets.US_ASCII), 200_000, Duration.ofSeconds(3), () -> {
                    try (Socket other = new Socket(address.getAddress(), address.getPort())) {
                        other.setSoTimeout(10_000);
                        BufferedReader in = new BufferedReader(
                                new InputStreamReader(other.getInputStream(), StandardCharsets.ISO_8859_1));
                        assertTrue(in.readLine().startsWith("* OK"));
                        other.getOutputStream().write("b LOGIN alice secret\r\n".getBytes(StandardCharsets.US_ASCII));
                        String line;
                        while (!(line = in.readLine()).startsWith("b ")) {
                            // untagged
                        }
                        assertTrue(line.startsWith("b OK"), line);
                    }
                    return null;
                });
        assertTrue(r.peakQueuedOutput() < 1024 * 1024, "output held: " + r.peakQueuedOutput() + " bytes");
        assertTrue(r.meanwhile().compareTo(Duration.ofSeconds(5)) < 0, "other client took " + r.meanwhile());
    }

    /** The key the in-memory store gives alice's INBOX, as a SELECT would see it. */
    private MailboxKey selectedKey() throws Exception {
        return store.select(new org.postroom.connector.api.AuthenticatedUser("alice"), "INBOX", true).key();
    }

    @Test
    void jakartaMailOverStartTlsListsReadsAndFlags() throws Exception {
        store.deliver("alice", "INBOX", "Subject: hello\r\nFrom: bob@example.org\r\n\r\nHi Alice\r\n");
        InetSocketAddress address = start(TlsMode.STARTTLS);
        Properties props = new Properties();
        props.put("mail.imap.starttls.enable", "true");
        props.put("mail.imap.starttls.required", "true");
        // test only: the certificate is self-signed for imap.postroom.test
        props.put("mail.imap.ssl.trust", "*");
        props.put("mail.imap.ssl.checkserveridentity", "false");
        props.put("mail.imap.timeout", "10000");
        Store imap = Session.getInstance(props).getStore("imap");
        imap.connect("127.0.0.1", address.getPort(), "alice", "secret");
        try {
            assertTrue(Arrays.stream(imap.getDefaultFolder().list("*")).anyMatch(f -> f.getName().equals("Sent")));
            Folder inbox = imap.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message[] messages = inbox.getMessages();
            assertEquals(1, messages.length);
            assertEquals("hello", messages[0].getSubject());
            assertEquals("Hi Alice\r\n", messages[0].getContent());
            messages[0].setFlag(Flags.Flag.FLAGGED, true);
            inbox.close(false);
        } finally {
            imap.close();
        }
        assertTrue(store.flagsOf("alice", "INBOX", 1).contains("\\Flagged"));
    }

    @Test
    void sequentialFetchesReadAheadOnceAndAnswerTheRestFromTheCacheInOrder() throws Exception {
        for (int n = 1; n <= 40; n++) {
            store.deliver("alice", "INBOX", "Subject: m" + n + "\r\n\r\nbody " + n + "\r\n");
        }
        InetSocketAddress address = start(TlsMode.NONE);
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            assertTrue(in.readLine().startsWith("* OK"));
            out.write("a1 LOGIN alice secret\r\na2 SELECT INBOX\r\n".getBytes(StandardCharsets.US_ASCII));
            String line;
            while (!(line = in.readLine()).startsWith("a2 ")) {
                // capabilities, mailbox data
            }
            int before = store.callCount("fetchWithContent");
            for (int uid = 1; uid <= 40; uid++) {
                // one by one, as a syncing client does: from the second on, each arrives while the lane is idle
                out.write(("f" + uid + " UID FETCH " + uid + " (BODY.PEEK[])\r\n").getBytes(StandardCharsets.US_ASCII));
                assertEquals("* " + uid + " FETCH (UID " + uid + " BODY[] {" + (21 + 2 * String.valueOf(uid).length())
                        + "}", in.readLine());
                assertEquals("Subject: m" + uid, in.readLine());
                assertEquals("", in.readLine());
                assertEquals("body " + uid, in.readLine());
                assertEquals(")", in.readLine());
                assertEquals("f" + uid + " OK UID FETCH completed", in.readLine());
            }
            out.write("p1 UID FETCH 1 (BODY.PEEK[])\r\np2 NOOP\r\np3 UID FETCH 2 (BODY.PEEK[])\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            List<String> tagged = new java.util.ArrayList<>();
            while (tagged.size() < 3) {
                line = in.readLine();
                if (line.startsWith("p")) {
                    tagged.add(line);
                }
            }
            assertEquals(List.of("p1 OK UID FETCH completed", "p2 OK NOOP completed", "p3 OK UID FETCH completed"),
                    tagged, "pipelined commands stay in order across the network thread and the lane");
            assertEquals(before + 2, store.callCount("fetchWithContent"), "1 reads ahead 2-32, 33 reads 34-40");
        }
    }

    @Test
    void aLongFetchReachesASlowReaderWholeAndInOrderWhileItIsStreamed() throws Exception {
        int messages = 200;
        String filler = "y".repeat(30_000);
        for (int n = 1; n <= messages; n++) {
            store.deliver("alice", "INBOX", "Subject: m" + n + "\r\n\r\n" + filler + "\r\n");
        }
        InetSocketAddress address = start(TlsMode.NONE);
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(20_000);
            socket.setReceiveBufferSize(16 * 1024);
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1), 4096);
            OutputStream out = socket.getOutputStream();
            assertTrue(in.readLine().startsWith("* OK"));
            out.write("a1 LOGIN alice secret\r\na2 SELECT INBOX\r\nf UID FETCH 1:* (BODY.PEEK[])\r\nn NOOP\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String line;
            while (!(line = in.readLine()).startsWith("a2 ")) {
                // capabilities, mailbox data
            }
            Thread.sleep(500); // the server writes 6 MB into a small window: it must wait for this reader
            for (int uid = 1; uid <= messages; uid++) {
                String subject = "Subject: m" + uid;
                assertEquals("* " + uid + " FETCH (UID " + uid + " BODY[] {" + (subject.length() + 4 + 30_002) + "}",
                        in.readLine());
                assertEquals(subject, in.readLine());
                assertEquals("", in.readLine());
                assertEquals(filler, in.readLine());
                assertEquals(")", in.readLine());
            }
            assertEquals("f OK UID FETCH completed", in.readLine());
            assertEquals("n OK NOOP completed", in.readLine());
        }
    }
}
