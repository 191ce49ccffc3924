package org.postroom.connector.ra.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.postroom.connector.ra.outbound.OutboundTesting.MESSAGE;
import static org.postroom.connector.ra.outbound.OutboundTesting.tx;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postroom.connector.api.outbound.RecipientOutcome;
import org.postroom.connector.api.outbound.RecipientOutcome.Status;
import org.postroom.connector.api.outbound.RemoteHost;
import org.postroom.connector.api.outbound.TlsPolicy;
import org.postroom.connector.api.outbound.TransactionOutcome;

/**
 * The client against a real Postfix smtpd with STARTTLS: a private Postfix instance (its own configuration, queue
 * and free loopback port; mail for remote.test is accepted and discarded) whose certificate a test CA signed. Postfix's
 * master runs as root: the test is skipped, with a message, when not root or when Postfix is absent, except under
 * CI (root, Debian package postfix installed by .ci/run), where it fails.
 */
class PostfixReceiverTest {

    private static Path dir;
    private static TestCa ca;
    private static RemoteHost postfix;
    private static Path trustStore;
    private static Process master;
    private OutboundTesting testing;

    @BeforeAll
    static void startPostfix() throws Exception {
        boolean available = Files.isExecutable(Path.of("/usr/sbin/postfix"))
                && "root".equals(System.getProperty("user.name"));
        if (!available) {
            if ("true".equals(System.getenv("CI"))) {
                fail("Postfix (Debian package postfix) and root are required under CI");
            }
            Assumptions.assumeTrue(false, "Postfix not installed or not root: skipped");
        }
        dir = Files.createTempDirectory("postroom-postfix");
        // the Postfix daemons run as user postfix and must reach the queue under this directory
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.createDirectories(dir.resolve("queue"));
        Files.createDirectories(dir.resolve("data"));
        ca = new TestCa();
        Path chain = ca.pemChain(dir.resolve("server.pem"), "mx.remote.test");
        trustStore = ca.trustStore(dir.resolve("trust.p12"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.writeString(conf.resolve("main.cf"), String.join("\n",
                "compatibility_level = 3.6",
                "queue_directory = " + dir.resolve("queue"),
                "data_directory = " + dir.resolve("data"),
                "inet_interfaces = 127.0.0.1",
                "inet_protocols = ipv4",
                "myhostname = mx.remote.test",
                "mydestination =",
                "relay_domains = remote.test",
                "relay_transport = discard:",
                "default_transport = discard:",
                "local_transport = discard:",
                "alias_maps =",
                "alias_database =",
                "smtpd_relay_restrictions = permit_auth_destination, reject",
                "smtpd_tls_security_level = may",
                "smtpd_tls_chain_files = " + chain,
                "smtpd_tls_loglevel = 1",
                "message_size_limit = 200000",
                // logs go to the output of "postfix start-fg", which the test keeps in a file
                "maillog_file = /dev/stdout",
                ""), StandardCharsets.US_ASCII);
        Files.writeString(conf.resolve("master.cf"), String.join("\n",
                "127.0.0.1:" + port + " inet n - n - - smtpd",
                "pickup unix n - n 60 1 pickup",
                "cleanup unix n - n - 0 cleanup",
                "qmgr unix n - n 300 1 qmgr",
                "tlsmgr unix - - n 1000? 1 tlsmgr",
                "rewrite unix - - n - - trivial-rewrite",
                "bounce unix - - n - 0 bounce",
                "defer unix - - n - 0 bounce",
                "trace unix - - n - 0 bounce",
                "verify unix - - n - 1 verify",
                "flush unix n - n 1000? 0 flush",
                "proxymap unix - - n - - proxymap",
                "showq unix n - n - - showq",
                "error unix - - n - - error",
                "retry unix - - n - - error",
                "discard unix - - n - - discard",
                "anvil unix - - n - 1 anvil",
                "scache unix - - n - 1 scache",
                "postlog unix-dgram n - n - 1 postlogd",
                ""), StandardCharsets.US_ASCII);
        postfixCommand("set-permissions");
        master = new ProcessBuilder("/usr/sbin/postfix", "-c", conf.toString(), "start-fg").redirectErrorStream(true)
                .redirectOutput(dir.resolve("maillog").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                break;
            } catch (IOException e) {
                if (!master.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("Postfix did not start; log: " + maillog(), e);
                }
                Thread.sleep(100);
            }
        }
        postfix = new RemoteHost("mx.remote.test", InetAddress.getLoopbackAddress(), port);
    }

    private static void postfixCommand(String command) throws Exception {
        Process p = new ProcessBuilder("/usr/sbin/postfix", "-c", dir.resolve("conf").toString(), command)
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("postfix " + command + " failed: " + output);
        }
    }

    private static String maillog() {
        try {
            return Files.readString(dir.resolve("maillog"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no maillog: " + e.getMessage() + ")";
        }
    }

    @AfterAll
    static void stopPostfix() throws Exception {
        if (dir == null) {
            return;
        }
        try {
            if (master != null && master.isAlive()) {
                postfixCommand("stop");
                if (!master.waitFor(30, TimeUnit.SECONDS)) {
                    master.destroyForcibly();
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException e) {
                // a daemon's socket may vanish meanwhile; the temporary directory is left for the system
            }
        }
    }

    @BeforeEach
    void client() throws Exception {
        testing = new OutboundTesting(
                OutboundTesting.settings(100, 20, Optional.of(trustStore.toString()), Duration.ofSeconds(30)));
    }

    @AfterEach
    void closeClient() {
        if (testing != null) {
            testing.close();
        }
    }

    private static TlsPolicy verified(String... names) {
        return new TlsPolicy(TlsPolicy.Mode.VERIFIED, List.of(names));
    }

    @Test
    void verifiedStartTlsWithRealPostfixAndTwoMessagesOverOneConnection() throws Exception {
        TransactionOutcome first = testing.send(tx(List.of(postfix), verified("*.remote.test"), Optional.empty(),
                MESSAGE, "bob@remote.test", "carol@remote.test"));
        TransactionOutcome second = testing.send(tx(List.of(postfix), verified("*.remote.test"), Optional.empty(),
                MESSAGE, "dave@remote.test"));
        for (RecipientOutcome r : first.recipients()) {
            assertEquals(Status.DELIVERED, r.status(), r.reply() + "\n" + maillog());
            assertTrue(r.reply().startsWith("250 2.0.0 Ok: queued as "), r.reply());
        }
        assertEquals(Status.DELIVERED, second.recipients().get(0).status(), second.recipients().get(0).reply());
        assertTrue(first.tls());
        assertTrue(second.tls());
        assertEquals(1, testing.client.connectionsOpened(), "one TLS connection for both messages");
    }

    @Test
    void postfixRefusingARecipientFailsOnlyThatOne() throws Exception {
        TransactionOutcome o = testing.send(tx(List.of(postfix), TlsPolicy.OPPORTUNISTIC, Optional.empty(), MESSAGE,
                "bob@remote.test", "someone@elsewhere.test"));
        assertEquals(Status.DELIVERED, o.recipients().get(0).status(), o.recipients().get(0).reply());
        RecipientOutcome refused = o.recipients().get(1);
        assertEquals(Status.FAILED, refused.status(), refused.reply());
        assertTrue(refused.reply().startsWith("554 5.7.1 "), refused.reply());
        assertTrue(o.tls());
    }

    @Test
    void aMessageOverPostfixsSizeLimitFailsWith534BeforeMail() throws Exception {
        String big = "Subject: big\r\n\r\n" + "x".repeat(78).concat("\r\n").repeat(3000);
        TransactionOutcome o = testing.send(tx(List.of(postfix), TlsPolicy.OPPORTUNISTIC, Optional.empty(), big,
                "bob@remote.test"));
        RecipientOutcome r = o.recipients().get(0);
        assertEquals(Status.FAILED, r.status(), r.reply());
        assertTrue(r.reply().startsWith("552 5.3.4 message size " + big.length() + " exceeds the limit of 200000"),
                r.reply());
    }

    @Test
    void verifiedTlsForAnotherNameIsDeferredWithoutSendingInClear() throws Exception {
        TransactionOutcome o = testing.send(tx(List.of(postfix), verified("mx.other.test"), Optional.empty(), MESSAGE,
                "bob@remote.test"));
        RecipientOutcome r = o.recipients().get(0);
        assertEquals(Status.DEFERRED, r.status(), r.reply());
        assertTrue(r.reply().contains("4.7.5"), r.reply());
        assertFalse(o.tls());
    }
}
