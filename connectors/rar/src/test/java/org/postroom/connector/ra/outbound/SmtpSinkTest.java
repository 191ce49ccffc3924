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
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postroom.connector.api.BodyType;
import org.postroom.connector.api.outbound.OutboundRecipient;
import org.postroom.connector.api.outbound.OutboundTransaction;
import org.postroom.connector.api.outbound.RecipientOutcome;
import org.postroom.connector.api.outbound.RecipientOutcome.Status;
import org.postroom.connector.api.outbound.RemoteHost;
import org.postroom.connector.api.outbound.TlsPolicy;
import org.postroom.connector.api.outbound.TransactionOutcome;
import org.postroom.model.dkim.DkimAlgorithm;
import org.postroom.model.dkim.DkimKeys;
import org.postroom.model.dkim.DkimSigner;
import org.postroom.model.dkim.PythonDkim;

/**
 * The client against a real receiving MTA: Postfix's {@code smtp-sink} (Debian package postfix) on free loopback
 * ports. Skipped with a message when smtp-sink is absent, except under CI, where it fails. (smtp-sink has no
 * STARTTLS: TLS is tested against a private Postfix smtpd in {@link PostfixReceiverTest} and against
 * {@link TestReceiver} in {@link OutboundClientTest}, both with a test CA.)
 */
class SmtpSinkTest {

    private final List<Process> sinks = new ArrayList<>();
    private Path dumps;
    private OutboundTesting testing;

    @BeforeEach
    void setUp() throws Exception {
        Optional<Path> sink = smtpSink();
        if (sink.isEmpty()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("smtp-sink (Debian package postfix) is required under CI");
            }
            Assumptions.assumeTrue(false, "smtp-sink not installed (Debian package postfix): skipped");
        }
        // smtp-sink drops to nobody when started as root: the dump directory must be writable by it
        dumps = Files.createTempDirectory("postroom-smtp-sink");
        Files.setPosixFilePermissions(dumps, PosixFilePermissions.fromString("rwxrwxrwx"));
        testing = new OutboundTesting(OutboundTesting.settings(100, 20, Optional.empty(), Duration.ofSeconds(30)));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (testing != null) {
            testing.close();
        }
        for (Process p : sinks) {
            p.destroy();
            p.waitFor();
        }
        if (dumps != null) {
            try (Stream<Path> files = Files.walk(dumps)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private static Optional<Path> smtpSink() {
        for (String dir : (System.getenv("PATH") + ":/usr/sbin:/usr/local/sbin").split(":")) {
            Path p = Path.of(dir, "smtp-sink");
            if (!dir.isEmpty() && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Starts smtp-sink with these options on a free port and waits until it listens. */
    private RemoteHost sink(String name, String... options) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(smtpSink().orElseThrow().toString());
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "nobody"));
        }
        command.addAll(List.of("-d", dumps + "/%H%M%S."));
        command.addAll(List.of(options));
        command.addAll(List.of("127.0.0.1:" + port, "64"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        sinks.add(p);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                break;
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("smtp-sink did not start: " + command, e);
                }
                Thread.sleep(50);
            }
        }
        return new RemoteHost(name, InetAddress.getLoopbackAddress(), port);
    }

    private List<String> dumpedMessages() throws IOException {
        try (Stream<Path> files = Files.list(dumps)) {
            List<String> out = new ArrayList<>();
            for (Path f : files.sorted().toList()) {
                out.add(Files.readString(f, StandardCharsets.UTF_8));
            }
            return out;
        }
    }

    @Test
    void twoMessagesOverOnePipelinedConnectionArriveWholeAndUnstuffed() throws Exception {
        RemoteHost sink = sink("mx.remote.test");
        TransactionOutcome first = testing.send(tx(sink, "bob@remote.test", "carol@remote.test"));
        TransactionOutcome second = testing.send(tx(sink, "dave@remote.test"));
        for (RecipientOutcome r : first.recipients()) {
            assertEquals(Status.DELIVERED, r.status(), r.reply());
            assertEquals("250 2.0.0 Ok", r.reply());
            assertEquals(Optional.of(sink.toString()), r.remoteHost());
        }
        assertEquals(Status.DELIVERED, second.recipients().get(0).status());
        assertEquals(1, testing.client.connectionsOpened(), "the second transaction reused the connection");
        List<String> dumped = dumpedMessages();
        assertEquals(2, dumped.size());
        for (String d : dumped) {
            assertTrue(d.contains("X-Mail-Args: <alice@postroom.test>\n"), d);
            assertTrue(d.endsWith(MESSAGE.replace("\r\n", "\n") + "\n"), d);
        }
        // dump files are named by time and a random number: either may be the first
        assertEquals(1, dumped.stream().filter(d -> d.contains("X-Rcpt-Args: <bob@remote.test>\n")
                && d.contains("X-Rcpt-Args: <carol@remote.test>\n")).count());
    }

    @Test
    void aDkimSignedMessageArrivesAndItsSignatureVerifiesWithPython3Dkim() throws Exception {
        KeyPair key = DkimKeys.generate(DkimAlgorithm.RSA_SHA256);
        DkimSigner signer = new DkimSigner("postroom.test", "postroom20261207", DkimAlgorithm.RSA_SHA256,
                key.getPrivate());
        String txt = DkimKeys.txtRecord(DkimAlgorithm.RSA_SHA256, key.getPublic());
        // lines that start with a period (stuffed on the wire, unstuffed by the sink), folded headers, 8-bit text,
        // trailing white space and empty lines: what a signature must survive between the signer and the verifier
        String message = "From: \"Alice\"\r\n <alice@postroom.test>\r\nTo: bob@remote.test\r\n"
                + "Subject: signed,\r\n\tfolded\r\nDate: Mon, 7 Dec 2026 20:00:00 +0000\r\n"
                + "Message-ID: <dkim-e2e@postroom.test>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + ".a line that starts with a period\r\n..two\r\n.\r\nGrüße  \t\r\n\r\n\r\n";
        byte[] signed = signer.sign(message.getBytes(StandardCharsets.UTF_8), Instant.now());
        RemoteHost sink = sink("mx.remote.test");
        OutboundTransaction tx = new OutboundTransaction(List.of(sink), TlsPolicy.OPPORTUNISTIC, Optional.empty(),
                "out.postroom.test", "alice@postroom.test", List.of(OutboundRecipient.of("bob@remote.test")),
                BodyType.EIGHT_BIT_MIME, false, Optional.empty(), Optional.empty(),
                OutboundTesting.source(new String(signed, StandardCharsets.UTF_8)));
        assertEquals(Status.DELIVERED, testing.send(tx).recipients().get(0).status());

        // the dump: smtp-sink's X- lines (unsigned) on top of the message as received, lines ending in LF
        byte[] received = Files.readAllBytes(onlyDump());
        assertTrue(new String(received, StandardCharsets.UTF_8).contains("\n..two\n.\nGr"), "unstuffed");
        PythonDkim.Verdict verdict = PythonDkim.verify(received, "postroom20261207", "postroom.test", txt);
        assertTrue(verdict.ok(), new String(received, StandardCharsets.UTF_8) + "\n--- dkimpy:\n" + verdict.output());
        assertTrue(verdict.output().contains("domain=postroom.test selector=postroom20261207"), verdict.output());

        // the same bytes with one octet of the body changed do not verify: the check above could fail
        String changed = new String(received, StandardCharsets.UTF_8).replace("..two", "..tw0");
        assertFalse(PythonDkim.verify(changed.getBytes(StandardCharsets.UTF_8), "postroom20261207", "postroom.test",
                txt).ok());
    }

    private Path onlyDump() throws IOException {
        try (Stream<Path> files = Files.list(dumps)) {
            List<Path> all = files.toList();
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }

    @Test
    void dsnParametersArePassedOnToASinkThatOffersDsn() throws Exception {
        RemoteHost sink = sink("mx.remote.test");
        OutboundTransaction tx = new OutboundTransaction(List.of(sink), TlsPolicy.OPPORTUNISTIC, Optional.empty(),
                "out.postroom.test", "alice@postroom.test",
                List.of(new OutboundRecipient("bob@remote.test", Optional.of("SUCCESS,FAILURE"),
                        Optional.of("rfc822;bob@remote.test"))),
                BodyType.EIGHT_BIT_MIME, false, Optional.of("HDRS"), Optional.of("QQ314159"),
                OutboundTesting.source(MESSAGE));
        assertEquals(Status.DELIVERED, testing.send(tx).recipients().get(0).status());
        String dumped = dumpedMessages().get(0);
        assertTrue(dumped.contains("X-Mail-Args: <alice@postroom.test> BODY=8BITMIME RET=HDRS ENVID=QQ314159\n"),
                dumped);
        assertTrue(
                dumped.contains("X-Rcpt-Args: <bob@remote.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@remote.test"),
                dumped);
    }

    @Test
    void a421GreetingFromTheFirstMxMovesOnToTheSecond() throws Exception {
        RemoteHost busy = sink("mx1.remote.test", "-Q", "CONNECT");
        RemoteHost good = sink("mx2.remote.test");
        TransactionOutcome o = testing.send(tx(List.of(busy, good), TlsPolicy.OPPORTUNISTIC, Optional.empty(),
                MESSAGE, "bob@remote.test"));
        assertEquals(Status.DELIVERED, o.recipients().get(0).status(), o.recipients().get(0).reply());
        assertEquals(Optional.of(good.toString()), o.host());
    }

    @Test
    void softRejectedRecipientsAreDeferredWithTheSinksReplyWithoutPipelining() throws Exception {
        RemoteHost sink = sink("mx.remote.test", "-r", "RCPT");
        TransactionOutcome o = testing.send(tx(sink, "bob@remote.test", "carol@remote.test"));
        for (RecipientOutcome r : o.recipients()) {
            assertEquals(Status.DEFERRED, r.status(), r.reply());
            assertTrue(r.reply().startsWith("450 "), r.reply());
        }
        // smtp-sink opens a dump file per transaction; no content reached it
        assertTrue(dumpedMessages().stream().noneMatch(d -> d.contains("first line")));
    }

    @Test
    void aHardRejectionOfTheFinalDotFailsTheAcceptedRecipients() throws Exception {
        RemoteHost sink = sink("mx.remote.test", "-f", ".");
        TransactionOutcome o = testing.send(tx(sink, "bob@remote.test"));
        RecipientOutcome r = o.recipients().get(0);
        assertEquals(Status.FAILED, r.status(), r.reply());
        assertTrue(r.reply().startsWith("5"), r.reply());
    }

    @Test
    void aSinkWithoutEsmtpGetsHelo() throws Exception {
        RemoteHost sink = sink("mx.remote.test", "-e");
        TransactionOutcome o = testing.send(tx(sink, "bob@remote.test"));
        assertEquals(Status.DELIVERED, o.recipients().get(0).status(), o.recipients().get(0).reply());
        List<String> dumped = dumpedMessages();
        assertEquals(1, dumped.size());
        assertTrue(dumped.get(0).contains("X-Mail-Args: <alice@postroom.test>\n"), dumped.get(0));
    }
}
