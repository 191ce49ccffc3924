package org.postroom.protocol.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postroom.connector.api.Accepted;
import org.postroom.connector.api.AuthenticationResult;
import org.postroom.connector.api.Credentials;
import org.postroom.connector.api.MailAddress;
import org.postroom.connector.api.MailParameters;
import org.postroom.connector.api.ReversePath;
import org.postroom.connector.api.SessionContext;
import org.postroom.connector.api.SmtpAcceptanceListener;
import org.postroom.connector.ra.imap.ImapListenerSettings;
import org.postroom.connector.ra.imap.ImapServer;
import org.postroom.connector.ra.net.ListenerKind;
import org.postroom.connector.ra.net.ListenerSettings;
import org.postroom.connector.ra.net.NetworkRuntime;
import org.postroom.connector.ra.net.ProtocolServer;
import org.postroom.connector.ra.net.TlsMode;
import org.postroom.connector.ra.smtp.SmtpListenerSettings;
import org.postroom.connector.ra.smtp.SmtpServer;
import org.postroom.protocol.AuthFailurePolicy;

/**
 * Issue 14: 200 clients guessing SMTP AUTH passwords, each check taking 100 ms (a password hash, a directory), on the
 * dispatch threads every listener shares. SMTP delivery and an IMAP login must stay fast meanwhile: the checks run on
 * the login pool, and a connection's first login waits only behind other first logins (ADR 0047).
 */
@Timeout(120)
class LoginFloodTest {

    private static final String HOST = "mx.postroom.test";
    private static final int ATTACKERS = 200;
    private static final int LOGIN_THREADS = 4;
    private static final Duration CHECK = Duration.ofMillis(100);

    @TempDir
    Path dataDir;

    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-flood");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger checks = new AtomicInteger();
    private final AtomicInteger delivered = new AtomicInteger();
    private final AtomicBoolean attacking = new AtomicBoolean(true);
    private final List<Socket> attackers = new ArrayList<>();
    private NetworkRuntime runtime;
    private ProtocolServer smtp;
    private ProtocolServer imap;

    /** Accepts everything; a password check takes {@link #CHECK}; alice/secret is right. */
    private final SmtpAcceptanceListener slowChecks = new SmtpAcceptanceListener() {
        @Override
        public Duration checkSender(SessionContext session, ReversePath from, MailParameters parameters) {
            return Duration.ZERO;
        }

        @Override
        public void checkRecipient(SessionContext session, ReversePath from, MailParameters parameters,
                MailAddress recipient) {
        }

        @Override
        public Accepted accept(SessionContext session, String queueId, ReversePath from, List<MailAddress> recipients,
                InputStream content, long size) throws IOException {
            content.readAllBytes();
            delivered.incrementAndGet();
            return new Accepted(queueId);
        }

        @Override
        public AuthenticationResult authenticate(SessionContext session, Credentials credentials) {
            checks.incrementAndGet();
            try {
                Thread.sleep(CHECK.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return credentials.username().equals("alice") && credentials.password().equals("secret")
                    ? AuthenticationResult.authenticated("alice")
                    : AuthenticationResult.invalidCredentials();
        }
    };

    @AfterEach
    void stop() throws Exception {
        attacking.set(false);
        for (Socket s : attackers) {
            s.close();
        }
        if (smtp != null) {
            smtp.close();
        }
        if (imap != null) {
            imap.close();
        }
        if (runtime != null) {
            runtime.shutdown(Duration.ofSeconds(5));
        }
        threads.shutdownNow();
    }

    @Test
    void smtpDeliveryAndAnImapLoginStayFastWhile200ClientsGuessSmtpPasswords() throws Exception {
        runtime = new NetworkRuntime(threads, 1, 4, LOGIN_THREADS, 16);
        ListenerSettings smtpNetwork = new ListenerSettings("smtp/test", "127.0.0.1", 0, 1000, Duration.ofSeconds(60),
                TlsMode.NONE, Optional.empty());
        // no per-session AUTH or error limits here, so the guessers keep guessing (those limits have tests of their own)
        smtp = SmtpServer.start(runtime, new SmtpListenerSettings(ListenerKind.SMTP, smtpNetwork, HOST, 1_000_000, 100,
                true, dataDir.resolve("spool"), 1_000_000, 1_000_000, 1_000_000, Duration.ZERO), slowChecks,
                AuthFailurePolicy.NONE);
        ListenerSettings imapNetwork = new ListenerSettings("imap/test", "127.0.0.1", 0, 1000, Duration.ofSeconds(60),
                TlsMode.NONE, Optional.empty());
        imap = ImapServer.start(runtime, new ImapListenerSettings(ListenerKind.IMAP, imapNetwork, HOST, true,
                10_000_000), new InMemoryMailStore().user("alice", "secret"), AuthFailurePolicy.NONE);

        for (int i = 0; i < ATTACKERS; i++) {
            Socket s = new Socket();
            s.connect(smtp.localAddress(), 5000);
            attackers.add(s);
            threads.execute(() -> guess(s));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (checks.get() < ATTACKERS + 20 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(checks.get() >= ATTACKERS + 20, "every attacker is past its first guess: " + checks.get());

        long begin = System.nanoTime();
        deliverOne(smtp.localAddress());
        Duration delivery = Duration.ofNanos(System.nanoTime() - begin);
        begin = System.nanoTime();
        logIn(imap.localAddress());
        Duration login = Duration.ofNanos(System.nanoTime() - begin);

        System.out.println("under " + ATTACKERS + " guessers: SMTP delivery " + delivery.toMillis() + " ms, IMAP login "
                + login.toMillis() + " ms");
        assertEquals(1, delivered.get());
        assertTrue(delivery.compareTo(Duration.ofSeconds(3)) < 0, "SMTP delivery took " + delivery);
        assertTrue(login.compareTo(Duration.ofSeconds(3)) < 0, "IMAP login took " + login);
    }

    /** EHLO, then wrong AUTH PLAIN after wrong AUTH PLAIN, reading each refusal, until told to stop. */
    private void guess(Socket s) {
        try {
            s.setSoTimeout(60_000);
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            in.readLine();
            out.write("EHLO attacker.example\r\n".getBytes(StandardCharsets.US_ASCII));
            String line;
            while ((line = in.readLine()) != null && line.startsWith("250-")) {
                // EHLO keywords
            }
            byte[] wrong = ("AUTH PLAIN "
                    + Base64.getEncoder().encodeToString("\0alice\0guess".getBytes(StandardCharsets.US_ASCII))
                    + "\r\n").getBytes(StandardCharsets.US_ASCII);
            while (attacking.get()) {
                out.write(wrong);
                if (in.readLine() == null) {
                    return;
                }
            }
        } catch (IOException e) {
            // closed at the end of the test
        }
    }

    private static void deliverOne(InetSocketAddress address) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(address, 5000);
            s.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            assertTrue(in.readLine().startsWith("220 "));
            out.write("EHLO client.example\r\n".getBytes(StandardCharsets.US_ASCII));
            String line;
            while ((line = in.readLine()).startsWith("250-")) {
                // EHLO keywords
            }
            assertTrue(line.startsWith("250 "), line);
            for (String[] step : new String[][]{{"MAIL FROM:<a@example.org>", "250 "},
                    {"RCPT TO:<b@example.org>", "250 "},
                    {"DATA", "354 "}, {"Subject: hi\r\n\r\nhello\r\n.", "250 "}, {"QUIT", "221 "}}) {
                out.write((step[0] + "\r\n").getBytes(StandardCharsets.US_ASCII));
                line = in.readLine();
                assertTrue(line.startsWith(step[1]), step[0] + " -> " + line);
            }
        }
    }

    private static void logIn(InetSocketAddress address) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(address, 5000);
            s.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            assertTrue(in.readLine().startsWith("* OK"));
            s.getOutputStream().write("a LOGIN alice secret\r\n".getBytes(StandardCharsets.US_ASCII));
            String line;
            while (!(line = in.readLine()).startsWith("a ")) {
                // untagged
            }
            assertTrue(line.startsWith("a OK"), line);
        }
    }
}
