package org.postroom.connector.ra.smtp;

import org.postroom.connector.ra.net.ListenerKind;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postroom.connector.ra.net.ListenerMetrics;
import org.postroom.connector.ra.net.NonReadingPipeliner;
import org.postroom.connector.ra.net.TlsMode;
import org.postroom.protocol.AuthFailurePolicy;

/** The network core with the SMTP engine, over real loopback sockets, with a fake business side. */
@Timeout(60)
class SmtpServerTest {

    @TempDir
    Path dataDir;

    private static final String MESSAGE = "From: a@example.org\r\nTo: b@postroom.test\r\nSubject: hi\r\n\r\nHello.\r\n";

    @Test
    void fullTransactionDeliversExactBytesWithTheReceivedHeaderFirst() throws Exception {
        try (SmtpHarness h = SmtpHarness.builder(dataDir).start(); SmtpClient c = h.connect()) {
            assertEquals("220 mx.postroom.test ESMTP Postroom", c.reply());
            assertTrue(c.command("EHLO client.example.org").startsWith("250-mx.postroom.test"));
            assertEquals("250 2.1.0 Ok", c.command("MAIL FROM:<a@example.org>"));
            assertEquals("250 2.1.5 Ok", c.command("RCPT TO:<b@postroom.test>"));
            assertEquals("354 End data with <CR><LF>.<CR><LF>", c.command("DATA"));
            String queued = c.command(MESSAGE + ".");
            assertEquals("250 2.0.0 Ok: queued as Q1", queued);
            assertEquals("221 2.0.0 Bye", c.command("QUIT"));
            assertTrue(c.serverClosed());

            FakeAcceptanceListener.Delivery d = h.listener.onlyDelivery();
            String content = new String(d.content(), StandardCharsets.ISO_8859_1);
            assertTrue(content.startsWith("Received: from client.example.org"), content);
            int headerEnd = content.indexOf("\r\nFrom: ");
            assertTrue(headerEnd > 0, content);
            assertEquals(MESSAGE, content.substring(headerEnd + 2));
            assertEquals(d.content().length, d.size());
            assertEquals(List.of("b@postroom.test"), d.recipients().stream().map(Object::toString).toList());
            assertEquals("<a@example.org>", d.from().toString());
            assertEquals(List.of("checkSender <a@example.org>", "checkRecipient <a@example.org> <b@postroom.test>",
                    "accept " + d.queueId() + " " + d.size()), List.copyOf(h.listener.calls));
            waitFor(() -> h.server.metrics().snapshot().connectionsOpen() == 0);
            ListenerMetrics.Snapshot m = h.server.metrics().snapshot();
            assertEquals(1, m.connectionsTotal());
            assertEquals(1, m.messagesAccepted());
        }
    }

    @Test
    void pipelinedCommandsInOneWriteAreAnsweredInOrder() throws Exception {
        try (SmtpHarness h = SmtpHarness.builder(dataDir).start(); SmtpClient c = h.connect()) {
            c.reply();
            c.command("EHLO client.example.org");
            c.write("MAIL FROM:<a@example.org>\r\nRCPT TO:<b@postroom.test>\r\nRCPT TO:<unknown@postroom.test>\r\n"
                    + "RCPT TO:<c@postroom.test>\r\nDATA\r\n");
            assertEquals("250 2.1.0 Ok", c.reply());
            assertEquals("250 2.1.5 Ok", c.reply());
            assertEquals("550 5.1.1 Mailbox unknown", c.reply());
            assertEquals("250 2.1.5 Ok", c.reply());
            assertEquals("354 End data with <CR><LF>.<CR><LF>", c.reply());
            c.write(MESSAGE + ".\r\nRSET\r\nNOOP\r\nQUIT\r\n");
            assertTrue(c.reply().startsWith("250 2.0.0 Ok: queued as"));
            assertEquals("250 2.0.0 Ok", c.reply());
            assertEquals("250 2.0.0 Ok", c.reply());
            assertEquals("221 2.0.0 Bye", c.reply());
            assertEquals(2, h.listener.onlyDelivery().recipients().size());
        }
    }

    @Test
    void startTlsUpgradesAndTheTransactionRunsOverTls() throws Exception {
        try (SmtpHarness h = SmtpHarness.builder(dataDir).tls(TlsMode.STARTTLS).start(); SmtpClient c = h.connect()) {
            c.reply();
            String ehlo = c.command("EHLO client.example.org");
            assertTrue(ehlo.contains("250-STARTTLS") || ehlo.contains("250 STARTTLS"), ehlo);
            assertEquals("220 2.0.0 Ready to start TLS", c.command("STARTTLS"));
            SSLSocket tls = c.startTls(h.address());
            assertTrue(tls.getSession().getProtocol().startsWith("TLSv1."));
            String secureEhlo = c.command("EHLO client.example.org");
            assertTrue(secureEhlo.contains("AUTH PLAIN LOGIN"), secureEhlo);
            assertEquals("250 2.1.0 Ok", c.command("MAIL FROM:<a@example.org>"));
            assertEquals("250 2.1.5 Ok", c.command("RCPT TO:<b@postroom.test>"));
            c.command("DATA");
            assertTrue(c.command(MESSAGE + ".").startsWith("250 2.0.0"));
            assertTrue(h.listener.onlyDelivery().session().tls());
            assertEquals("ESMTPS", h.listener.onlyDelivery().session().protocol().name());
            waitFor(() -> h.server.metrics().snapshot().tlsHandshakes() == 1);
        }
    }

    @Test
    void plaintextInjectedAfterStartTlsIsDiscardedNotExecuted() throws Exception {
        try (SmtpHarness h = SmtpHarness.builder(dataDir).tls(TlsMode.STARTTLS).start(); SmtpClient c = h.connect()) {
            c.reply();
            c.command("EHLO client.example.org");
            // CVE-2011-0411 class: commands in the same packet as STARTTLS must never run, before or after TLS
            c.write("STARTTLS\r\nMAIL FROM:<evil@example.org>\r\nRCPT TO:<victim@postroom.test>\r\n");
            assertEquals("220 2.0.0 Ready to start TLS", c.reply());
            c.startTls(h.address());
            // the first reply over TLS must belong to our NOOP: nothing injected was answered
            assertEquals("250 2.0.0 Ok", c.command("NOOP"));
            assertEquals("503 5.5.1 Send HELO/EHLO first", c.command("MAIL FROM:<a@example.org>"));
            assertTrue(h.listener.calls.isEmpty(), h.listener.calls.toString());
        }
    }

    @Test
    void implicitTlsSubmissionRequiresAuthAndDelivers() throws Exception {
        try (SmtpHarness h = SmtpHarness.builder(dataDir).kind(ListenerKind.SMTPS).tls(TlsMode.IMPLICIT).start();
                SmtpClient c = SmtpClient.connectTls(h.address())) {
            assertEquals("220 mx.postroom.test ESMTP Postroom", c.reply());
            String ehlo = c.command("EHLO client.example.org");
            assertTrue(!ehlo.contains("STARTTLS") && ehlo.contains("AUTH PLAIN LOGIN"), ehlo);
            assertEquals("530 5.7.0 Authentication required", c.command("MAIL FROM:<alice@postroom.test>"));
            String plain = java.util.Base64.getEncoder()
                    .encodeToString("\0alice\0secret".getBytes(StandardCharsets.UTF_8));
            assertEquals("235 2.7.0 Authentication successful", c.command("AUTH PLAIN " + plain));
            assertEquals("250 2.1.0 Ok", c.command("MAIL FROM:<alice@postroom.test>"));
            assertEquals("250 2.1.5 Ok", c.command("RCPT TO:<b@example.org>"));
            c.command("DATA");
            assertTrue(c.command(MESSAGE + ".").startsWith("250 2.0.0"));
            FakeAcceptanceListener.Delivery d = h.listener.onlyDelivery();
            assertEquals("ESMTPSA", d.session().protocol().name());
            assertEquals("alice", d.session().authenticatedUser().orElseThrow().name());
        }
    }

    /** Issue 14: SMTP AUTH is throttled like POP3 and IMAP logins, by the same shared policy, and ends at 3. */
    @Test
    void refusedAuthWaitsOutThePolicyDelayWithoutHoldingOthersAndTheThirdClosesTheSession() throws Exception {
        AuthFailurePolicy policy = new AuthFailurePolicy() {
            @Override
            public Duration failed(java.net.InetAddress client) {
                return Duration.ofMillis(800);
            }

            @Override
            public void succeeded(java.net.InetAddress client) {
            }
        };
        String wrong = "AUTH PLAIN " + java.util.Base64.getEncoder()
                .encodeToString("\0alice\0wrong".getBytes(StandardCharsets.UTF_8));
        try (SmtpHarness h = SmtpHarness.builder(dataDir).authFailures(policy).start();
                SmtpClient slow = h.connect();
                SmtpClient other = h.connect()) {
            slow.reply();
            other.reply();
            assertTrue(slow.command("EHLO a.example").contains("AUTH PLAIN LOGIN"));
            other.command("EHLO b.example");
            long begin = System.nanoTime();
            slow.write(wrong + "\r\nNOOP\r\n");
            assertEquals("250 2.0.0 Ok", other.command("NOOP"));
            long otherDone = System.nanoTime() - begin;
            assertEquals("535 5.7.8 Authentication credentials invalid", slow.reply());
            long refused = System.nanoTime() - begin;
            assertEquals("250 2.0.0 Ok", slow.reply(), "the NOOP pipelined behind waits, in order");
            assertTrue(refused >= Duration.ofMillis(750).toNanos(), "refused after " + refused / 1_000_000 + " ms");
            assertTrue(otherDone < refused, "the other connection was not held up");
            assertEquals("535 5.7.8 Authentication credentials invalid", slow.command(wrong));
            assertEquals("535 5.7.8 Authentication credentials invalid", slow.command(wrong));
            assertEquals("421 4.7.0 mx.postroom.test Too many failed authentication attempts, closing connection",
                    slow.reply());
            assertTrue(slow.serverClosed());
        }
    }

    /** Issue 14: one client address cannot take all of a listener's connections. */
    @Test
    void connectionsBeyondTheLimitPerClientAddressGet421AndAreClosed() throws Exception {
        try (SmtpHarness h = SmtpHarness.builder(dataDir).maxConnectionsPerAddress(3, false).start()) {
            List<SmtpClient> open = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    SmtpClient c = h.connect();
                    open.add(c);
                    assertEquals("220 mx.postroom.test ESMTP Postroom", c.reply());
                }
                try (SmtpClient refused = h.connect()) {
                    assertEquals("421 4.7.0 mx.postroom.test Too many connections from your address, try again later",
                            refused.reply());
                    assertTrue(refused.serverClosed());
                }
                assertEquals("221 2.0.0 Bye", open.remove(0).command("QUIT"));
                waitFor(() -> h.server.metrics().snapshot().connectionsOpen() == 2);
                try (SmtpClient again = h.connect()) {
                    assertEquals("220 mx.postroom.test ESMTP Postroom", again.reply(), "a slot freed up");
                }
                assertEquals(1, h.server.metrics().snapshot().connectionsRefusedPerAddress());
            } finally {
                for (SmtpClient c : open) {
                    c.close();
                }
            }
        }
    }

    @Test
    void loopbackIsExemptFromThePerAddressLimitWhenConfigured() throws Exception {
        try (SmtpHarness h = SmtpHarness.builder(dataDir).maxConnectionsPerAddress(1, true).start();
                SmtpClient a = h.connect();
                SmtpClient b = h.connect()) {
            assertEquals("220 mx.postroom.test ESMTP Postroom", a.reply());
            assertEquals("220 mx.postroom.test ESMTP Postroom", b.reply());
        }
    }

    @Test
    void connectionsBeyondTheRatePerAddressAndMinuteGet421AndAreClosed() throws Exception {
        // issue 14, ADR 0071 (Postfix's smtpd_client_connection_rate_limit): counted when opened, closed or not
        try (SmtpHarness h = SmtpHarness.builder(dataDir).rates(3, 0, false).start()) {
            for (int i = 0; i < 3; i++) {
                try (SmtpClient c = h.connect()) {
                    assertEquals("220 mx.postroom.test ESMTP Postroom", c.reply());
                    assertEquals("221 2.0.0 Bye", c.command("QUIT"));
                }
            }
            try (SmtpClient refused = h.connect()) {
                assertEquals("421 4.7.0 mx.postroom.test Too many connections from your address, try again later",
                        refused.reply());
                assertTrue(refused.serverClosed());
            }
            assertEquals(1, h.server.metrics().snapshot().connectionsRefusedRate());
        }
    }

    @Test
    void loopbackIsExemptFromTheRatesWhenConfigured() throws Exception {
        try (SmtpHarness h = SmtpHarness.builder(dataDir).rates(1, 1, true).start()) {
            for (int i = 0; i < 3; i++) {
                try (SmtpClient c = h.connect()) {
                    assertEquals("220 mx.postroom.test ESMTP Postroom", c.reply());
                    c.command("EHLO client.example.org");
                    assertTrue(c.command("MAIL FROM:<a@example.org>").startsWith("250 "));
                }
            }
        }
    }

    @Test
    void transactionsBeyondTheMessageRatePerAddressGet450AtMail() throws Exception {
        // issue 14, ADR 0071 (Postfix's smtpd_client_message_rate_limit): counted per MAIL, across connections
        try (SmtpHarness h = SmtpHarness.builder(dataDir).rates(0, 2, false).start()) {
            try (SmtpClient c = h.connect()) {
                c.reply();
                c.command("EHLO client.example.org");
                for (int i = 0; i < 2; i++) {
                    assertTrue(c.command("MAIL FROM:<a@example.org>").startsWith("250 "));
                    assertTrue(c.command("RCPT TO:<b@postroom.test>").startsWith("250 "));
                    assertEquals("354 End data with <CR><LF>.<CR><LF>", c.command("DATA"));
                    assertTrue(c.command("Subject: " + i + "\r\n\r\nbody\r\n.").startsWith("250 2.0.0"));
                }
            }
            try (SmtpClient c = h.connect()) {
                c.reply();
                c.command("EHLO client.example.org");
                assertEquals("450 4.7.1 Too much mail from your address, try again later",
                        c.command("MAIL FROM:<a@example.org>"));
                assertEquals("503 5.5.1 Need MAIL command", c.command("RCPT TO:<b@postroom.test>"));
            }
            assertEquals(2, h.listener.deliveries.size());
        }
    }

    @Test
    void aClientDribblingACommandByteByByteIsClosedAfterOneIdleTimeout() throws Exception {
        // issue 14, slowloris: every byte restarts the read timer, so only a timer per command can end it (ADR 0072)
        try (SmtpHarness h = SmtpHarness.builder(dataDir).idleTimeout(Duration.ofSeconds(2)).start();
                SmtpClient c = h.connect()) {
            assertEquals("220 mx.postroom.test ESMTP Postroom", c.reply());
            long start = System.nanoTime();
            boolean closed = false;
            for (int i = 0; i < 40 && !closed; i++) { // at most 8 s of one byte per 200 ms
                try {
                    c.write("X");
                } catch (IOException e) {
                    closed = true;
                }
                Thread.sleep(200);
                closed |= i > 5 && c.available() > 0;
            }
            assertEquals("421 4.4.2 mx.postroom.test Idle timeout, closing connection", c.reply());
            assertTrue(c.serverClosed());
            long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
            assertTrue(seconds >= 1 && seconds <= 4, "closed after " + seconds + " s");
        }
    }

    @Test
    void aSlowMessageTransferIsNotACommandAndIsNotCutByTheCommandTimer() throws Exception {
        try (SmtpHarness h = SmtpHarness.builder(dataDir).idleTimeout(Duration.ofSeconds(2)).start();
                SmtpClient c = h.connect()) {
            c.reply();
            c.command("EHLO client.example.org");
            c.command("MAIL FROM:<a@example.org>");
            c.command("RCPT TO:<b@postroom.test>");
            assertEquals("354 End data with <CR><LF>.<CR><LF>", c.command("DATA"));
            for (int i = 0; i < 16; i++) { // 3.2 s, past the idle timeout, one short line at a time
                c.write("line " + i + "\r\n");
                Thread.sleep(200);
            }
            assertTrue(c.command(".").startsWith("250 2.0.0"));
        }
    }

    @Test
    void whenTheStoreIsDownAMessageGets451AndNever250AndTheSessionGoesOnWhenItIsBack() throws Exception {
        // issue 14, faults that lose nothing: the database or the broker down at the end of DATA
        byte[] message = bigMessage(1024 * 1024); // spooled to a file
        try (SmtpHarness h = SmtpHarness.builder(dataDir).start(); SmtpClient c = h.connect()) {
            c.reply();
            c.command("EHLO client.example.org");
            h.listener.storeDown = new IllegalStateException("database connection refused");
            c.command("MAIL FROM:<a@example.org>");
            c.command("RCPT TO:<b@postroom.test>");
            c.command("DATA");
            c.write(dotStuff(message));
            String reply = c.command(".");
            assertTrue(reply.startsWith("451 4.3.0 "), reply);
            assertTrue(h.listener.deliveries.isEmpty());
            assertSpoolEmpty(h);

            h.listener.storeDown = null; // back: the client's retry in the same session is accepted
            assertTrue(c.command("MAIL FROM:<a@example.org>").startsWith("250 "));
            c.command("RCPT TO:<b@postroom.test>");
            c.command("DATA");
            c.write(dotStuff(message));
            assertTrue(c.command(".").startsWith("250 2.0.0"));
            assertEquals(1, h.listener.deliveries.size());
            assertSpoolEmpty(h);
        }
    }

    /** Issue 14: replies to a client that never reads must not pile up in the heap. */
    @Test
    void aClientPipeliningEhloWithoutReadingHoldsLittleOutputAndOthersAreStillAnswered() throws Exception {
        try (SmtpHarness h = SmtpHarness.builder(dataDir).start()) {
            NonReadingPipeliner.Result r = NonReadingPipeliner.attack(h.server,
                    "EHLO a.example\r\n".getBytes(StandardCharsets.US_ASCII), 200_000, Duration.ofSeconds(3), () -> {
                        try (SmtpClient c = h.connect()) {
                            assertEquals("220 mx.postroom.test ESMTP Postroom", c.reply());
                            assertTrue(c.command("EHLO b.example").startsWith("250-mx.postroom.test"));
                        }
                        return null;
                    });
            assertTrue(r.peakQueuedOutput() < 1024 * 1024, "output held: " + r.peakQueuedOutput() + " bytes");
            assertTrue(r.meanwhile().compareTo(Duration.ofSeconds(5)) < 0, "other client took " + r.meanwhile());
        }
    }

    @Test
    void idleConnectionGets421AndIsClosed() throws Exception {
        try (SmtpHarness h = SmtpHarness.builder(dataDir).idleTimeout(Duration.ofMillis(500)).start();
                SmtpClient c = h.connect()) {
            c.reply();
            c.command("EHLO client.example.org");
            assertEquals("421 4.4.2 mx.postroom.test Idle timeout, closing connection", c.reply());
            assertTrue(c.serverClosed());
            waitFor(() -> h.server.metrics().snapshot().idleTimeouts() == 1);
        }
    }

    @Test
    void fiveMegabyteMessageIsStreamedIntactAndTheSpoolIsDeleted() throws Exception {
        byte[] message = bigMessage(5 * 1024 * 1024);
        try (SmtpHarness h = SmtpHarness.builder(dataDir).start(); SmtpClient c = h.connect()) {
            c.reply();
            c.command("EHLO client.example.org");
            c.command("MAIL FROM:<a@example.org> SIZE=" + message.length);
            c.command("RCPT TO:<b@postroom.test>");
            assertEquals("354 End data with <CR><LF>.<CR><LF>", c.command("DATA"));
            c.write(dotStuff(message));
            assertTrue(c.command(".").startsWith("250 2.0.0"));
            byte[] content = h.listener.onlyDelivery().content();
            byte[] tail = java.util.Arrays.copyOfRange(content, content.length - message.length, content.length);
            assertArrayEquals(message, tail);
            assertTrue(new String(content, 0, 9, StandardCharsets.US_ASCII).equals("Received:"));
            assertSpoolEmpty(h);
        }
    }

    @Test
    void closingTheConnectionInsideDataAbortsAndDeletesTheSpool() throws Exception {
        try (SmtpHarness h = SmtpHarness.builder(dataDir).start()) {
            try (SmtpClient c = h.connect()) {
                c.reply();
                c.command("EHLO client.example.org");
                c.command("MAIL FROM:<a@example.org>");
                c.command("RCPT TO:<b@postroom.test>");
                c.command("DATA");
                c.write(bigMessage(1024 * 1024)); // beyond the memory threshold: a spool file exists
                waitFor(() -> spoolFiles(h) == 1);
            }
            waitFor(() -> spoolFiles(h) == 0);
            assertTrue(h.listener.deliveries.isEmpty());
        }
    }

    @Test
    void twoHundredConcurrentConnectionsEachDeliverAMessage() throws Exception {
        int n = 200;
        try (SmtpHarness h = SmtpHarness.builder(dataDir).start()) {
            ExecutorService pool = Executors.newFixedThreadPool(n);
            CountDownLatch allConnected = new CountDownLatch(n);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int id = i;
                results.add(pool.submit(() -> {
                    try (SmtpClient c = h.connect()) {
                        c.reply();
                        allConnected.countDown();
                        allConnected.await(30, TimeUnit.SECONDS);
                        c.command("EHLO client" + id + ".example.org");
                        c.command("MAIL FROM:<sender" + id + "@example.org>");
                        c.command("RCPT TO:<rcpt" + id + "@postroom.test>");
                        c.command("DATA");
                        String reply = c.command("Subject: message " + id + "\r\n\r\nbody " + id + "\r\n.");
                        c.command("QUIT");
                        return reply;
                    }
                }));
            }
            for (Future<String> result : results) {
                assertTrue(result.get(60, TimeUnit.SECONDS).startsWith("250 2.0.0"));
            }
            pool.shutdown();
            assertEquals(n, h.listener.deliveries.size());
            Set<String> bodies = new HashSet<>();
            for (FakeAcceptanceListener.Delivery d : h.listener.deliveries) {
                String content = new String(d.content(), StandardCharsets.ISO_8859_1);
                String id = d.from().mailbox().orElseThrow().localPart().substring("sender".length());
                assertTrue(content.endsWith("body " + id + "\r\n"), content);
                assertEquals("rcpt" + id, d.recipients().get(0).localPart());
                bodies.add(id);
            }
            assertEquals(n, bodies.size());
            assertEquals(n, h.server.metrics().snapshot().messagesAccepted());
        }
    }

    @Test
    void connectionsBeyondTheLimitAreRefusedWith421() throws Exception {
        try (SmtpHarness h = SmtpHarness.builder(dataDir).maxConnections(2).start();
                SmtpClient first = h.connect();
                SmtpClient second = h.connect()) {
            assertTrue(first.reply().startsWith("220 "));
            assertTrue(second.reply().startsWith("220 "));
            try (SmtpClient third = h.connect()) {
                assertEquals("421 4.7.0 mx.postroom.test Too many connections, try again later", third.reply());
                assertTrue(third.serverClosed());
            }
            assertEquals(1, h.server.metrics().snapshot().connectionsRefused());
            first.command("QUIT");
            waitFor(() -> h.server.metrics().snapshot().connectionsOpen() == 1);
            waitFor(() -> {
                try (SmtpClient again = h.connect()) {
                    return again.reply().startsWith("220 ");
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    @Test
    void submissionRefusesMailBeforeAuthAndAcceptsPlaintextAuthOnLoopback() throws Exception {
        try (SmtpHarness h = SmtpHarness.builder(dataDir).kind(ListenerKind.SUBMISSION).start();
                SmtpClient c = h.connect()) {
            c.reply();
            c.command("EHLO client.example.org");
            assertEquals("530 5.7.0 Authentication required", c.command("MAIL FROM:<alice@postroom.test>"));
            assertEquals("334 VXNlcm5hbWU6", c.command("AUTH LOGIN"));
            assertEquals("334 UGFzc3dvcmQ6", c.command(b64("alice")));
            assertEquals("535 5.7.8 Authentication credentials invalid", c.command(b64("wrong")));
            assertEquals("235 2.7.0 Authentication successful",
                    c.command("AUTH PLAIN " + b64("\0alice\0secret")));
            assertEquals("250 2.1.0 Ok", c.command("MAIL FROM:<alice@postroom.test>"));
        }
    }

    @Test
    void stoppingTheServerTellsOpenConnections() throws Exception {
        SmtpHarness h = SmtpHarness.builder(dataDir).start();
        try (SmtpClient c = h.connect()) {
            c.reply();
            h.close();
            assertEquals("421 4.3.2 mx.postroom.test Service shutting down", c.reply());
            assertTrue(c.serverClosed());
        }
    }

    // ---- helpers

    private static String b64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A message of about {@code size} octets with CRLF lines, some starting with a dot. */
    static byte[] bigMessage(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 100);
        out.writeBytes("Subject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        int line = 0;
        while (out.size() < size) {
            String text = (line % 50 == 0 ? "." : "") + "line " + line + " "
                    + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".substring(line % 20) + "\r\n";
            out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
            line++;
        }
        return out.toByteArray();
    }

    /** Adds the transparency dot to every line starting with one (RFC 5321 section 4.5.2). */
    static byte[] dotStuff(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + message.length / 50);
        boolean lineStart = true;
        for (byte b : message) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        return out.toByteArray();
    }

    private static long spoolFiles(SmtpHarness h) {
        try (Stream<Path> files = Files.list(h.spoolDirectory)) {
            return files.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertSpoolEmpty(SmtpHarness h) throws InterruptedException {
        waitFor(() -> spoolFiles(h) == 0);
    }

    static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
