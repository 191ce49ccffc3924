package it;

import static it.Postroom.get;
import static it.Postroom.newDomain;
import static it.Postroom.newUser;
import static it.SmtpDeliveryIT.PASSWORD;
import static it.SmtpDeliveryIT.awaitMessages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: what an attacker does to a mail server, against the running server. Each test asserts a protocol error or
 * a close within a bound, and then that the server is healthy: its readiness check answers and a normal client
 * delivers a message over SMTP and reads it over IMAP within a few seconds. The clients here connect from loopback,
 * which the per-address limits exempt by default (ADR 0048, 0071); those limits and the command timeout (slowloris,
 * ADR 0072) are shown by the adapter's tests with the exemption off and short timeouts.
 */
class AbuseIT {

    private static final int IMAP_PORT = ImapIT.IMAP_PORT;
    private static final int POP3_PORT = Integer.getInteger("postroom.it.pop3.port", 2110);
    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(15);
    /**
     * The guessing client's address: failed logins slow down every later failure from the same address for 15
     * minutes (ADR 0047), and the other ITs, on 127.0.0.1, measure their own first delays.
     */
    private static final String GUESSER = "127.0.0.2";

    /**
     * The server's heap (the build gives it 1 GiB) may not come near its maximum during an attack, and what it holds
     * after a collection while the attackers are still connected stays well below: an attack that piles up output,
     * literals or parsed structure in memory shows as either.
     */
    private static final long HEAP_PEAK_MIB = 900;
    private static final long HEAP_RETAINED_MIB = 400;

    private final List<Socket> opened = new ArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private ServerHeap.Watch heap;

    @BeforeEach
    void watchTheHeap() {
        heap = ServerHeap.watch();
    }

    @AfterEach
    void closeEverything() throws Exception {
        heap.close();
        pool.shutdownNow();
        for (Socket s : opened) {
            s.close();
        }
    }

    /** A raw line client for IMAP and POP3. */
    private final class Line implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Line(int port) throws IOException {
            this(port, "127.0.0.1");
        }

        /** From this local address (another loopback address: a client of its own for the per-address rules). */
        Line(int port, String from) throws IOException {
            socket = new Socket("127.0.0.1", port, java.net.InetAddress.getByName(from), 0);
            opened.add(socket);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** One line without CRLF; null at the end of the stream. */
        String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int c = in.read(); c >= 0; c = in.read()) {
                if (c == '\n') {
                    String s = b.toString(StandardCharsets.ISO_8859_1);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                b.write(c);
            }
            return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
        }

        /** Lines until one starts with {@code prefix} (returned); fails at the end of the stream. */
        String until(String prefix) throws IOException {
            for (String l = line(); l != null; l = line()) {
                if (l.startsWith(prefix)) {
                    return l;
                }
            }
            throw new IOException("closed before a line starting with " + prefix);
        }

        /** Whether the server closed the connection (end of stream or reset), reading what is left. */
        boolean closedByServer() {
            try {
                while (in.read() >= 0) {
                    // drain
                }
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * The readiness check answers, and a message goes in over SMTP and out over IMAP within {@link #HEALTHY_WITHIN};
     * then the server's heap stayed within its bounds during the attack ({@link #HEAP_PEAK_MIB},
     * {@link #HEAP_RETAINED_MIB}).
     */
    private void assertHealthy() throws Exception {
        long start = System.nanoTime();
        assertEquals(200, Postroom.call("GET", "/health/ready", null, null, null, null).status());
        String user = newUser(newDomain(), "fine");
        try (Smtp smtp = Smtp.connect(Smtp.SMTP_PORT)) {
            smtp.command("EHLO it.test", 250);
            Smtp.queueId(smtp.transaction("sender@remote.example", List.of(user), Smtp.message("still fine")));
        }
        awaitMessages(user, 1);
        try (Line imap = new Line(IMAP_PORT)) {
            imap.until("* OK");
            imap.send("a LOGIN " + user + " \"" + PASSWORD + "\"\r\n");
            assertTrue(imap.until("a ").startsWith("a OK"));
            imap.send("b SELECT INBOX\r\n");
            assertTrue(imap.until("b ").startsWith("b OK"));
            imap.send("c FETCH 1 BODY.PEEK[HEADER.FIELDS (SUBJECT)]\r\n");
            assertEquals("Subject: still fine", imap.until("Subject:"));
            assertTrue(imap.until("c ").startsWith("c OK"));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        heap.assertWithin(HEAP_PEAK_MIB, HEAP_RETAINED_MIB);
        assertTrue(took.compareTo(HEALTHY_WITHIN) < 0, "a normal client took " + took);
    }

    private static List<Path> spoolFiles() throws IOException {
        Path spool = Postroom.DATA.resolve("spool");
        if (!Files.isDirectory(spool)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(spool)) {
            return files.toList();
        }
    }

    /** Waits until half an APPEND waits on disk: a spool file of the IMAP listener exists. */
    private static void awaitImapSpoolFile() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (spoolFiles().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(spoolFiles().stream().anyMatch(p -> p.getFileName().toString().startsWith("postroom-imap-")),
                "half an APPEND waits on disk: " + spoolFiles());
    }

    private static void awaitNoSpoolFiles() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!spoolFiles().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(List.of(), spoolFiles());
    }

    /** Writes {@code megabytes} MiB of 'A' without a line end; stops early (true) when the server closed. */
    private static boolean writeLongLine(OutputStream out, int megabytes) {
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, (byte) 'A');
        try {
            for (int i = 0; i < megabytes; i++) {
                out.write(chunk);
            }
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void aHundredMegabyteLineWithoutLineEndGetsAnErrorOrACloseOnEveryProtocol() throws Exception {
        Line smtp = new Line(Smtp.SMTP_PORT);
        Line pop3 = new Line(POP3_PORT);
        Line imap = new Line(IMAP_PORT);
        smtp.until("220 ");
        pop3.until("+OK");
        imap.until("* OK");
        List<Future<Boolean>> writes = new ArrayList<>();
        for (Line l : List.of(smtp, pop3, imap)) {
            writes.add(pool.submit(() -> writeLongLine(l.out, 100)));
        }
        for (Future<Boolean> w : writes) {
            w.get(45, TimeUnit.SECONDS); // read and dropped as it arrives, or refused with a close: never held
        }
        String[] expected = {"500 5.5.2 Line too long", "-ERR", "* BAD"};
        List<Line> clients = List.of(smtp, pop3, imap);
        for (int i = 0; i < 3; i++) {
            String answer;
            try {
                answer = clients.get(i).line();
            } catch (IOException closed) {
                answer = null;
            }
            assertTrue(answer == null || answer.startsWith(expected[i]) || answer.contains(" BAD "),
                    "protocol " + i + ": " + answer);
        }
        assertHealthy();
    }

    @Test
    void aClientThatNeverReadsItsBigFetchesDoesNotHoldUpOthers() throws Exception {
        String user = newUser(newDomain(), "hoarder");
        String body = ("x".repeat(998) + "\n").repeat(2000); // 2 MB
        for (int i = 1; i <= 3; i++) {
            try (Smtp smtp = Smtp.connect(Smtp.SMTP_PORT)) {
                smtp.command("EHLO it.test", 250);
                Smtp.queueId(smtp.transaction("sender@remote.example", List.of(user),
                        Smtp.message("big " + i) + body));
            }
        }
        awaitMessages(user, 3);
        awaitNoSpoolFiles(); // the three DATA spools are gone
        Socket hoarder = new Socket();
        hoarder.setReceiveBufferSize(4096);
        hoarder.connect(new java.net.InetSocketAddress("127.0.0.1", IMAP_PORT));
        opened.add(hoarder);
        OutputStream out = hoarder.getOutputStream();
        StringBuilder pipelined = new StringBuilder("a LOGIN " + user + " \"" + PASSWORD + "\"\r\nb SELECT INBOX\r\n");
        for (int i = 0; i < 30; i++) {
            pipelined.append("f").append(i).append(" FETCH 1:* BODY[]\r\n"); // 180 MB of replies, never read
        }
        out.write(pipelined.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread.sleep(2000); // the server produces until the connection's output is full
        assertHealthy();
    }

    @Test
    void aBigAppendWaitsInTheSpoolAndTheSpoolIsDeletedAfterwardsAndOnDisconnect() throws Exception {
        String user = newUser(newDomain(), "appender");
        int size = 5 << 20;
        String message = "Subject: big append\r\n\r\n" + ("y".repeat(1022) + "\r\n").repeat(size / 1024);
        message = message.substring(0, size);
        try (Line imap = new Line(IMAP_PORT)) {
            imap.until("* OK");
            imap.send("a LOGIN " + user + " \"" + PASSWORD + "\"\r\n");
            assertTrue(imap.until("a ").startsWith("a OK"));
            imap.send("b APPEND INBOX {" + size + "}\r\n");
            assertTrue(imap.line().startsWith("+ "));
            imap.send(message.substring(0, size / 2));
            awaitImapSpoolFile();
            imap.send(message.substring(size / 2) + "\r\n");
            String done = imap.until("b ");
            assertTrue(done.startsWith("b OK [APPENDUID "), done);
            awaitNoSpoolFiles();

            imap.send("c APPEND INBOX {" + size + "+}\r\n" + message.substring(0, size / 2));
            awaitImapSpoolFile(); // else the check below may run before the server has even begun this one
        } // disconnected in the middle of the literal
        awaitNoSpoolFiles();
        awaitMessages(user, 1);
        assertHealthy();
    }

    @Test
    void twoHundredConnectionsFromOneClientAndSlowDribblersLeaveTheServerServing() throws Exception {
        // loopback is exempt from the per-address limits, so all are accepted: the server must carry them
        List<Line> idle = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Line l = new Line(i % 2 == 0 ? Smtp.SMTP_PORT : IMAP_PORT);
            idle.add(l);
        }
        for (Line l : idle) {
            String greeting = l.line();
            assertTrue(greeting.startsWith("220 ") || greeting.startsWith("* OK"), greeting);
        }
        // slowloris: twenty clients each dribbling a command a byte at a time
        List<Line> dribblers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Line l = new Line(i % 2 == 0 ? Smtp.SMTP_PORT : POP3_PORT);
            l.line();
            dribblers.add(l);
        }
        Future<?> dribbling = pool.submit(() -> {
            for (int i = 0; i < 20 && !Thread.currentThread().isInterrupted(); i++) {
                for (Line l : dribblers) {
                    l.send("N");
                }
                Thread.sleep(250);
            }
            return null;
        });
        assertHealthy();
        dribbling.cancel(true);
    }

    @Test
    void passwordGuessingIsSlowedAndEndedWhileARightfulLoginGetsIn() throws Exception {
        String user = newUser(newDomain(), "guessed");
        // SMTP AUTH: refusals are delayed and the third ends the session (ADR 0047)
        Socket socket = new Socket("127.0.0.1", Smtp.SUBMISSION_PORT, java.net.InetAddress.getByName(GUESSER), 0);
        opened.add(socket);
        try (Smtp smtp = new Smtp(socket)) {
            smtp.expect(220);
            smtp.command("EHLO it.test", 250);
            String credentials = java.util.Base64.getEncoder()
                    .encodeToString(("\0" + user + "\0nope").getBytes(StandardCharsets.UTF_8));
            long start = System.nanoTime();
            smtp.command("AUTH PLAIN " + credentials, 535);
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 400, "a refusal is delayed");
            smtp.command("AUTH PLAIN " + credentials, 535);
            smtp.send("AUTH PLAIN " + credentials);
            String last = smtp.reply();
            if (last.startsWith("535 ")) {
                last = smtp.reply();
            }
            assertTrue(last.startsWith("421 4.7.0"), last);
        } catch (IOException closed) {
            // the server closed after its 421, before our QUIT: that is the point
        }
        // IMAP: four guessers at once; every failure is answered NO, late
        List<Future<String>> guesses = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            int n = c;
            guesses.add(pool.submit(() -> {
                try (Line imap = new Line(IMAP_PORT, GUESSER)) {
                    imap.until("* OK");
                    imap.send("g LOGIN " + user + " wrong" + n + "\r\n");
                    return imap.until("g ");
                }
            }));
        }
        Thread.sleep(300);
        long start = System.nanoTime();
        try (Line imap = new Line(IMAP_PORT)) {
            imap.until("* OK");
            imap.send("a LOGIN " + user + " \"" + PASSWORD + "\"\r\n");
            assertTrue(imap.until("a ").startsWith("a OK"));
        }
        Duration rightful = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(rightful.toMillis() < 5000, "the rightful login took " + rightful);
        for (Future<String> g : guesses) {
            String answer = g.get(60, TimeUnit.SECONDS);
            assertTrue(answer.startsWith("g NO "), answer);
        }
        assertHealthy();
    }

    @Test
    void malformedCommandsGetProtocolErrorsOnEveryProtocol() throws Exception {
        try (Line smtp = new Line(Smtp.SMTP_PORT)) {
            smtp.until("220 ");
            smtp.send("\u0000\u00ff\u00fe binary\r\nMAIL FROM:<" + "<".repeat(2000) + ">\r\nRCPT TO:\r\nDATA\r\n"
                    + "HELO\r\nVRFY\r\n");
            for (int i = 0; i < 6; i++) {
                String reply = smtp.line();
                assertTrue(reply.matches("5\\d\\d[ -].*"), "reply " + i + ": " + reply);
            }
            // past the hard error limit (20) the session ends with 421
            smtp.send("BOGUS\r\n".repeat(20));
            String last = null;
            for (String l = smtp.line(); l != null; l = smtp.line()) {
                last = l;
            }
            assertTrue(last != null && last.startsWith("421 4.7.0"), String.valueOf(last));
        }
        try (Line pop3 = new Line(POP3_PORT)) {
            pop3.until("+OK");
            pop3.send("\u0000\u0001\r\nUSER\r\nPASS x\r\nRETR -1\r\nSTAT\r\n");
            for (int i = 0; i < 5; i++) {
                String reply = pop3.line();
                assertTrue(reply.startsWith("-ERR"), "reply " + i + ": " + reply);
            }
        }
        String user = newUser(newDomain(), "garbled");
        try (Line imap = new Line(IMAP_PORT)) {
            imap.until("* OK");
            imap.send("\u0000\u00ff\r\n* LOGIN\r\na\r\nb NOSUCH\r\nc LOGIN {999999999}\r\n");
            for (int i = 0; i < 5; i++) {
                String reply = imap.line();
                assertTrue(reply.contains("BAD") || reply.contains(" NO "), "reply " + i + ": " + reply);
            }
            imap.send("d LOGIN " + user + " \"" + PASSWORD + "\"\r\n");
            assertTrue(imap.until("d ").startsWith("d OK"));
            long start = System.nanoTime();
            imap.send("e LIST \"\" \"*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b\"\r\nf SELECT INBOX\r\n"
                    + "g FETCH 1:4294967295 (BODY[]<0.4294967295>)\r\nh SEARCH HEADER Subject \"\\\"\r\n"
                    + "i UID STORE 1:* +FLAGS (\\Seen \\Bogus(\r\n");
            assertTrue(imap.until("e ").startsWith("e OK"));
            assertTrue(imap.until("f ").startsWith("f OK"));
            for (String tag : List.of("g ", "h ", "i ")) {
                String reply = imap.until(tag);
                assertTrue(reply.startsWith(tag + "OK") || reply.startsWith(tag + "BAD")
                        || reply.startsWith(tag + "NO"), reply);
            }
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5, "the pattern bomb was slow");
        }
        assertHealthy();
    }

    /** A multipart message: {@code depth} nested levels, the innermost holding {@code parts} small parts. */
    private static String mimeBomb(String subject, int depth, int parts) {
        StringBuilder m = new StringBuilder(
                Smtp.message(subject).replace("\n\nHello from the integration tests.\n", "\n"));
        m.append("MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b0\"\n\n");
        for (int d = 1; d < depth; d++) {
            m.append("--b").append(d - 1).append("\nContent-Type: multipart/mixed; boundary=\"b").append(d)
                    .append("\"\n\n");
        }
        for (int p = 0; p < parts; p++) {
            m.append("--b").append(depth - 1).append("\nContent-Type: text/plain\n\npart ").append(p).append('\n');
        }
        for (int d = depth - 1; d >= 0; d--) {
            m.append("--b").append(d).append("--\n");
        }
        return m.toString();
    }

    @Test
    void mimeBombsOfDeepNestingAndTenThousandPartsAreTakenAndServedWithinBounds() throws Exception {
        String user = newUser(newDomain(), "bombed");
        try (Smtp smtp = Smtp.connect(Smtp.SMTP_PORT)) {
            smtp.command("EHLO it.test", 250);
            Smtp.queueId(smtp.transaction("sender@remote.example", List.of(user), mimeBomb("deep", 2000, 1)));
            Smtp.queueId(smtp.transaction("sender@remote.example", List.of(user), mimeBomb("wide", 1, 10_000)));
        }
        awaitMessages(user, 2);
        try (Line imap = new Line(IMAP_PORT)) {
            imap.until("* OK");
            imap.send("a LOGIN " + user + " \"" + PASSWORD + "\"\r\n");
            assertTrue(imap.until("a ").startsWith("a OK"));
            imap.send("b SELECT INBOX\r\n");
            assertTrue(imap.until("b ").startsWith("b OK"));
            long start = System.nanoTime();
            imap.send("c FETCH 1:2 (BODYSTRUCTURE BODY.PEEK[1])\r\nd SEARCH BODY \"part 9999\"\r\n");
            String fetched = imap.until("c ");
            assertTrue(fetched.startsWith("c OK"), fetched);
            String searched = imap.until("d ");
            assertTrue(searched.startsWith("d OK"), searched);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.toSeconds() < 10, "BODYSTRUCTURE and SEARCH of the bombs took " + took);
        }
        assertHealthy();
    }

    @Test
    void aHundredMegabyteMessageOverTheLimitIsDroppedAsItArrivesAndRefusedWith552() throws Exception {
        String user = newUser(newDomain(), "flooded");
        try (Line smtp = new Line(Smtp.SMTP_PORT)) {
            smtp.until("220 ");
            smtp.send("EHLO it.test\r\n");
            smtp.until("250 ");
            smtp.send("MAIL FROM:<flood@remote.example>\r\nRCPT TO:<" + user + ">\r\nDATA\r\n");
            smtp.until("250 ");
            smtp.until("250 ");
            smtp.until("354 ");
            Future<Boolean> writing = pool.submit(() -> {
                byte[] line = ("z".repeat(998) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                try {
                    smtp.out.write("Subject: flood\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < 100 * 1024 * 1024 / line.length; i++) {
                        smtp.out.write(line);
                    }
                    smtp.out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
                    smtp.out.flush();
                    return false;
                } catch (IOException closed) {
                    return true;
                }
            });
            writing.get(120, TimeUnit.SECONDS);
            String answer = smtp.until("5");
            assertTrue(answer.startsWith("552 5.3.4"), answer);
            awaitNoSpoolFiles();
            smtp.send("RSET\r\n");
            assertTrue(smtp.until("250 ").startsWith("250 "), "the session goes on");
        }
        assertEquals(0, get("/api/users/" + user + "/quota").expect(200).object().getInt("usedMessages"));
        assertHealthy();
    }
}
