package it;

import static it.Postroom.newDomain;
import static it.Postroom.newUser;
import static it.SmtpDeliveryIT.PASSWORD;
import static it.SmtpDeliveryIT.awaitMessages;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POP3 and POP3S against the running server, with mail delivered over SMTP: poplib, Jakarta Mail, fetchmail, curl. */
class Pop3IT {

    static final int POP3_PORT = Integer.getInteger("postroom.it.pop3.port", 2110);
    static final int POP3S_PORT = Integer.getInteger("postroom.it.pop3s.port", 2995);

    /**
     * A user with {@code count} messages delivered over SMTP, subjects "pop N", in that order in the INBOX (each is
     * delivered before the next is sent: separate transactions may be delivered in any order).
     */
    private static String userWithMail(String local, int count) throws Exception {
        String user = newUser(newDomain(), local);
        try (Smtp smtp = Smtp.connect(Smtp.SMTP_PORT)) {
            smtp.command("EHLO it.test", 250);
            for (int i = 1; i <= count; i++) {
                // the raw client does not dot-stuff: "..x" in DATA is stored as ".x", which POP3 must stuff again
                Smtp.queueId(smtp.transaction("sender@remote.example", List.of(user),
                        Smtp.message("pop " + i) + "..leading dot line\n"));
                awaitMessages(user, i);
            }
        }
        return user;
    }

    private static String run(List<String> command, Path home) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (home != null) {
            builder.environment().put("HOME", home.toString());
        }
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        assertEquals(0, status, () -> String.join(" ", command) + " failed:\n" + output);
        return output;
    }

    /** A raw POP3 connection: one line in, one line out. */
    static final class Pop3 implements AutoCloseable {
        final Socket socket;
        final BufferedReader in;
        final OutputStream out;

        Pop3(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(30_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            out = socket.getOutputStream();
            assertTrue(in.readLine().startsWith("+OK"));
        }

        String command(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return in.readLine();
        }

        Pop3 login(String user) throws IOException {
            assertEquals("+OK Send PASS", command("USER " + user));
            assertEquals("+OK Maildrop ready", command("PASS " + PASSWORD));
            return this;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static final String POPLIB = """
            import poplib, sys, json
            port, user, password, delete = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4] == 'delete'
            p = poplib.POP3('127.0.0.1', port, timeout=30)
            p.user(user)
            p.pass_(password)
            count, total = p.stat()
            sizes = [int(line.split()[1]) for line in p.list()[1]]
            uids = [line.split()[1].decode() for line in p.uidl()[1]]
            # RETR's lines come back without CRLF and dot-unstuffed: their length plus 2 per line is the size
            retrieved = []
            for n in range(1, count + 1):
                lines = p.retr(n)[1]
                retrieved.append(sum(len(l) + 2 for l in lines))
            subjects = [next(l.decode() for l in p.top(n, 0)[1] if l.startswith(b'Subject:')) for n in range(1, count + 1)]
            if delete:
                p.dele(1)
            p.quit()
            print(json.dumps({'count': count, 'total': total, 'sizes': sizes, 'retrieved': retrieved,
                              'uids': uids, 'subjects': subjects}))
            """;

    @Test
    void poplibListsRetrievesAndDeletesOnQuitWithStableUidls() throws Exception {
        String user = userWithMail("poplib", 3);
        String first = run(List.of("python3", "-c", POPLIB, String.valueOf(POP3_PORT), user, PASSWORD, "delete"),
                null);
        var one = jakarta.json.Json.createReader(new java.io.StringReader(first.strip())).readObject();
        assertEquals(3, one.getInt("count"));
        assertEquals(one.getJsonArray("sizes"), one.getJsonArray("retrieved"), "LIST sizes are what RETR sends");
        assertEquals("Subject: pop 1", one.getJsonArray("subjects").getString(0));
        awaitMessages(user, 2); // the DELE took effect at QUIT, quota usage dropped

        String second = run(List.of("python3", "-c", POPLIB, String.valueOf(POP3_PORT), user, PASSWORD, "keep"),
                null);
        var two = jakarta.json.Json.createReader(new java.io.StringReader(second.strip())).readObject();
        assertEquals(2, two.getInt("count"));
        assertEquals(one.getJsonArray("uids").subList(1, 3), two.getJsonArray("uids"), "UIDLs are stable");
        assertEquals("Subject: pop 2", two.getJsonArray("subjects").getString(0));
    }

    @Test
    void droppedConnectionRemovesNothingAndASecondSessionIsRefusedInUse() throws Exception {
        String user = userWithMail("drop", 2);
        try (Pop3 first = new Pop3(POP3_PORT).login(user)) {
            assertEquals("+OK Message deleted", first.command("DELE 1"));
            try (Pop3 second = new Pop3(POP3_PORT)) {
                assertEquals("+OK Send PASS", second.command("USER " + user));
                assertEquals("-ERR [IN-USE] Maildrop is locked by another session", second.command("PASS " + PASSWORD));
            }
        } // closed without QUIT
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Pop3 again = new Pop3(POP3_PORT)) {
                assertEquals("+OK Send PASS", again.command("USER " + user));
                String reply = again.command("PASS " + PASSWORD);
                if (reply.equals("+OK Maildrop ready")) {
                    assertTrue(again.command("STAT").startsWith("+OK 2 "), "nothing was removed");
                    break;
                }
                assertTrue(System.nanoTime() < deadline, "lock not released after the drop: " + reply);
                Thread.sleep(100);
            }
        }
    }

    @Test
    void mailArrivingDuringASessionShowsUpOnlyInTheNextOne() throws Exception {
        String user = userWithMail("late", 1);
        try (Pop3 pop = new Pop3(POP3_PORT).login(user)) {
            assertTrue(pop.command("STAT").startsWith("+OK 1 "));
            try (Smtp smtp = Smtp.connect(Smtp.SMTP_PORT)) {
                smtp.command("EHLO it.test", 250);
                Smtp.queueId(smtp.transaction("sender@remote.example", List.of(user), Smtp.message("late")));
            }
            awaitMessages(user, 2);
            assertTrue(pop.command("STAT").startsWith("+OK 1 "), "the snapshot does not change");
            assertEquals("+OK Bye", pop.command("QUIT"));
        }
        try (Pop3 pop = new Pop3(POP3_PORT).login(user)) {
            assertTrue(pop.command("STAT").startsWith("+OK 2 "));
        }
    }

    @Test
    void wrongPasswordIsRefusedWithTheAuthCodeAfterADelayThatGrows() throws Exception {
        String user = newUser(newDomain(), "guess");
        try (Pop3 pop = new Pop3(POP3_PORT)) {
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                assertEquals("+OK Send PASS", pop.command("USER " + user));
                long begin = System.nanoTime();
                assertEquals("-ERR [AUTH] Invalid credentials", pop.command("PASS wrong" + i));
                millis.add((System.nanoTime() - begin) / 1_000_000);
            }
            assertTrue(millis.get(0) >= 400, "first refusal after " + millis);
            assertTrue(millis.get(1) > millis.get(0) + 300, "second refusal waits longer: " + millis);
            pop.login(user); // the session is intact and the right password still works
            assertTrue(pop.command("STAT").startsWith("+OK 0 "));
        }
    }

    @Test
    void jakartaMailOverImplicitTlsReadsByteExactAndDeletes() throws Exception {
        String user = userWithMail("jmpop", 2);
        Properties props = new Properties();
        // test only: the server's certificate is self-signed
        props.put("mail.pop3s.ssl.trust", "*");
        props.put("mail.pop3s.ssl.checkserveridentity", "false");
        props.put("mail.pop3s.timeout", "30000");
        Store store = Session.getInstance(props).getStore("pop3s");
        store.connect("127.0.0.1", POP3S_PORT, user, PASSWORD);
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        Message[] messages = inbox.getMessages();
        assertEquals(2, messages.length);
        assertEquals("pop 1", messages[0].getSubject());
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        messages[1].writeTo(raw);
        String text = raw.toString(StandardCharsets.US_ASCII);
        // final delivery's Return-Path above the trace headers (RFC 5321 section 4.4, ADR 0025)
        assertTrue(text.startsWith("Return-Path: <sender@remote.example>\r\nReceived: from it.test"), text);
        assertTrue(text.endsWith("\r\n.leading dot line\r\n"), "dot-unstuffed by the client, CRLF kept: " + text);
        messages[0].setFlag(Flags.Flag.DELETED, true);
        inbox.close(true);
        store.close();
        awaitMessages(user, 1);
    }

    @Test
    void fetchmailKeepsThenFetchesOnlyNewMailThenFlushes(@TempDir Path dir) throws Exception {
        String user = userWithMail("fetch", 2);
        Path out = Files.createDirectory(dir.resolve("out"));
        Path rc = dir.resolve("fetchmailrc");
        String local = System.getProperty("user.name");
        String common = "poll 127.0.0.1 port " + POP3_PORT + " proto POP3 uidl\n"
                + "  user \"" + user + "\" there with password \"" + PASSWORD + "\" is \"" + local + "\" here\n"
                // test only: STLS is used, but the self-signed certificate cannot be verified
                + "  sslproto \"tls1.2+\" no sslcertck\n"
                + "  mda \"/bin/sh -c 'cat > $(mktemp " + out + "/msg.XXXXXX)'\"\n";
        List<String> fetchmail = List.of("fetchmail", "-f", rc.toString(), "--nosyslog", "-i",
                dir.resolve("ids").toString(), "--pidfile", dir.resolve("pid").toString());

        Files.writeString(rc, common + "  keep\n");
        Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
        run(fetchmail, dir);
        assertEquals(2, count(out));
        awaitMessages(user, 2); // kept on the server

        try (Smtp smtp = Smtp.connect(Smtp.SMTP_PORT)) {
            smtp.command("EHLO it.test", 250);
            Smtp.queueId(smtp.transaction("sender@remote.example", List.of(user), Smtp.message("third")));
        }
        awaitMessages(user, 3);
        run(fetchmail, dir);
        assertEquals(3, count(out), "only the new message was fetched (UIDL)");

        Files.writeString(rc, common + "  nokeep fetchall\n");
        run(fetchmail, dir);
        assertEquals(6, count(out));
        awaitMessages(user, 0);
        try (Stream<Path> files = Files.list(out)) {
            assertTrue(files.anyMatch(f -> {
                try {
                    return Files.readString(f).contains("Subject: third");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    @Test
    void curlListsAndRetrievesOverStlsAndImplicitTls(@TempDir Path dir) throws Exception {
        String user = userWithMail("curl", 2);
        String credentials = user + ":" + PASSWORD;
        String listing = run(List.of("curl", "-sS", "--ssl-reqd", "-k", "-u", credentials,
                "pop3://127.0.0.1:" + POP3_PORT + "/"), null);
        List<String> lines = listing.lines().toList();
        assertEquals(2, lines.size(), listing);
        assertTrue(lines.get(0).startsWith("1 "), listing);
        long size = Long.parseLong(lines.get(1).split(" ")[1]);
        Path file = dir.resolve("two.eml");
        run(List.of("curl", "-sS", "-k", "-u", credentials, "-o", file.toString(),
                "pop3s://127.0.0.1:" + POP3S_PORT + "/2"), null);
        byte[] body = Files.readAllBytes(file);
        assertEquals(size, body.length, "RETR over POP3S returns LIST's size");
        assertArrayEquals("\r\n.leading dot line\r\n".getBytes(StandardCharsets.US_ASCII),
                java.util.Arrays.copyOfRange(body, body.length - 21, body.length));
    }
}
