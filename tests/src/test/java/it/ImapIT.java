package it;

import static it.Postroom.newDomain;
import static it.Postroom.newUser;
import static it.SmtpDeliveryIT.PASSWORD;
import static it.SmtpDeliveryIT.awaitMessages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.activation.DataHandler;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IMAP and IMAPS against the running server, mail delivered over SMTP: imaplib, Jakarta Mail, mbsync, fetchmail, curl. */
class ImapIT {

    static final int IMAP_PORT = Integer.getInteger("postroom.it.imap.port", 2143);
    static final int IMAPS_PORT = Integer.getInteger("postroom.it.imaps.port", 2993);

    private static void deliver(String user, String subject) throws IOException {
        try (Smtp smtp = Smtp.connect(Smtp.SMTP_PORT)) {
            smtp.command("EHLO it.test", 250);
            Smtp.queueId(smtp.transaction("sender@remote.example", List.of(user), Smtp.message(subject)));
        }
    }

    /** A user with {@code count} messages "imap N", in that order (each delivered before the next is sent). */
    private static String userWithMail(String local, int count) throws Exception {
        String user = newUser(newDomain(), local);
        for (int i = 1; i <= count; i++) {
            deliver(user, "imap " + i);
            awaitMessages(user, i);
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
        assertEquals(0, p.waitFor(), () -> String.join(" ", command) + " failed:\n" + output);
        return output;
    }

    private static JsonObject json(String output) {
        String last = output.strip().lines().reduce((a, b) -> b).orElse("{}");
        return Json.createReader(new StringReader(last)).readObject();
    }

    private static final String IMAPLIB = """
            import imaplib, sys, json
            port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
            m = imaplib.IMAP4('127.0.0.1', port)
            m.login(user, password)
            status, listing = m.list()
            typ, data = m.select('INBOX')
            count = int(data[0])
            typ, fetched = m.fetch('1', '(FLAGS RFC822.SIZE ENVELOPE BODYSTRUCTURE)')
            meta = fetched[0].decode() if isinstance(fetched[0], bytes) else fetched[0][0].decode()
            typ, part = m.fetch('1', '(BODY.PEEK[1])')
            text = part[0][1].decode()
            typ, found = m.search(None, 'SUBJECT', '"attachment"')
            m.store('1', '+FLAGS', '\\\\Flagged')
            typ, flags = m.fetch('1', '(FLAGS)')
            m.create('Archive')
            typ, copied = m.copy('1', 'Archive')
            typ, archive = m.status('Archive', '(MESSAGES)')
            m.store('1', '+FLAGS', '\\\\Deleted')
            typ, expunged = m.expunge()
            typ, after = m.select('INBOX')
            m.logout()
            print(json.dumps({'list': [l.decode() for l in listing], 'count': count, 'meta': meta, 'text': text,
                              'found': found[0].decode(), 'flags': flags[0].decode(),
                              'archive': archive[0].decode(), 'expunged': [e.decode() for e in expunged if e],
                              'after': int(after[0])}))
            """;

    @Test
    void imaplibReadsTheStructureSearchesFlagsCopiesAndExpunges() throws Exception {
        String user = newUser(newDomain(), "imaplib");
        Session session = Session.getInstance(new Properties());
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("Alice Example <alice@remote.example>"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(user));
        m.setSubject("Report with an attachment");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Please find the numbers attached.", "UTF-8");
        MimeBodyPart file = new MimeBodyPart();
        file.setDataHandler(new DataHandler(new ByteArrayDataSource(new byte[3000], "application/octet-stream")));
        file.setFileName("numbers.bin");
        m.setContent(new MimeMultipart(text, file));
        m.saveChanges();
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        m.writeTo(raw);
        try (Smtp smtp = Smtp.connect(Smtp.SMTP_PORT)) {
            smtp.command("EHLO it.test", 250);
            Smtp.queueId(smtp.transaction("alice@remote.example", List.of(user),
                    raw.toString(StandardCharsets.US_ASCII).replace("\r\n", "\n")));
        }
        deliver(user, "second");
        awaitMessages(user, 2);

        JsonObject r = json(run(List.of("python3", "-c", IMAPLIB, String.valueOf(IMAP_PORT), user, PASSWORD), null));
        assertTrue(r.getJsonArray("list").toString().contains("\\\\Sent"), r.toString());
        assertEquals(2, r.getInt("count"));
        String meta = r.getString("meta");
        assertTrue(meta.contains("\"Report with an attachment\""), meta);
        assertTrue(meta.contains("((\"Alice Example\" NIL \"alice\" \"remote.example\"))"), meta);
        assertTrue(meta.contains("\"MIXED\""), meta);
        assertTrue(meta.contains("\"numbers.bin\""), meta);
        assertTrue(r.getString("text").contains("Please find the numbers attached."), r.toString());
        assertEquals("1", r.getString("found"));
        assertTrue(r.getString("flags").contains("\\Flagged"), r.toString());
        assertTrue(r.getString("archive").contains("MESSAGES 1"), r.toString());
        assertEquals(List.of("1"), r.getJsonArray("expunged").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList());
        assertEquals(1, r.getInt("after"));
        awaitMessages(user, 2); // one left in INBOX, one copied to Archive
    }

    /** A raw IMAP connection, for timing IDLE. */
    static final class Imap implements AutoCloseable {
        final Socket socket;
        final BufferedReader in;
        final OutputStream out;

        Imap(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(30_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            out = socket.getOutputStream();
            assertTrue(in.readLine().startsWith("* OK"));
        }

        void send(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** Sends a tagged command and returns its tagged reply, after any untagged ones. */
        String command(String tag, String command) throws IOException {
            send(tag + " " + command);
            String line;
            while (!(line = in.readLine()).startsWith(tag + " ")) {
                // untagged
            }
            return line;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void idleSessionIsToldOfMailDeliveredOverSmtpWithoutAsking() throws Exception {
        String user = userWithMail("idle", 1);
        try (Imap imap = new Imap(IMAP_PORT)) {
            assertTrue(imap.command("a1", "LOGIN " + user + " \"" + PASSWORD + "\"").startsWith("a1 OK"));
            assertTrue(imap.command("a2", "SELECT INBOX").startsWith("a2 OK"));
            imap.send("a3 IDLE");
            assertTrue(imap.in.readLine().startsWith("+ "));
            long begin;
            try (Smtp smtp = Smtp.connect(Smtp.SMTP_PORT)) {
                smtp.command("EHLO it.test", 250);
                smtp.command("MAIL FROM:<sender@remote.example>", 250);
                smtp.command("RCPT TO:<" + user + ">", 250);
                smtp.command("DATA", 354);
                smtp.send(Smtp.message("wake up").replace("\n", "\r\n").stripTrailing());
                smtp.send(".");
                String reply = smtp.reply();
                begin = System.nanoTime();
                Smtp.queueId(reply);
            }
            String line = imap.in.readLine();
            long millis = (System.nanoTime() - begin) / 1_000_000;
            assertEquals("* 2 EXISTS", line);
            // pushed, not polled: on an idle machine this is a few milliseconds after the 250 (bench/imap.sh
            // measures it); the bound only keeps a loaded CI machine from failing the test
            assertTrue(millis < 5000, "announced after " + millis + " ms");
            imap.send("DONE");
            String done;
            while (!(done = imap.in.readLine()).startsWith("a3 ")) {
                // untagged updates
            }
            assertTrue(done.startsWith("a3 OK"), done);
        }
    }

    /** Issue 11 item 2: a name that is not modified UTF-7 is a NO, and the LIST that used to end the session does not. */
    @Test
    void anInvalidModifiedUtf7NameIsANoAndTheSessionGoesOn() throws Exception {
        String user = userWithMail("utf7", 1);
        String odd = "!#$&'+,-.0123456789:;<=>?@^_`|[}";
        try (Imap imap = new Imap(IMAP_PORT)) {
            assertTrue(imap.command("a1", "LOGIN " + user + " \"" + PASSWORD + "\"").startsWith("a1 OK"));
            assertTrue(imap.command("a2", "SELECT INBOX").startsWith("a2 OK"));
            assertTrue(imap.command("a3", "SELECT " + odd).startsWith("a3 NO [NONEXISTENT]"));
            assertTrue(imap.command("a4", "LIST \"\" " + odd + "%*").startsWith("a4 NO "));
            assertTrue(imap.command("a5", "CREATE " + odd).startsWith("a5 NO [CANNOT]"));
            assertTrue(imap.command("a6", "LIST \"\" *").startsWith("a6 OK"));
            assertEquals("a7 OK NOOP completed", imap.command("a7", "NOOP"));
        }
    }

    @Test
    void deletionOverPop3IsAnExpungeForAnImapSession() throws Exception {
        String user = userWithMail("both", 2);
        try (Imap imap = new Imap(IMAP_PORT)) {
            imap.command("a1", "LOGIN " + user + " \"" + PASSWORD + "\"");
            imap.command("a2", "SELECT INBOX");
            try (Pop3IT.Pop3 pop = new Pop3IT.Pop3(Pop3IT.POP3_PORT).login(user)) {
                assertEquals("+OK Message deleted", pop.command("DELE 1"));
                assertEquals("+OK Bye", pop.command("QUIT"));
            }
            imap.send("a3 NOOP");
            assertEquals("* 1 EXPUNGE", imap.in.readLine());
        }
    }

    @Test
    void jakartaMailOverImplicitTlsListsReadsMovesAndAppends() throws Exception {
        String user = userWithMail("jmimap", 2);
        Properties props = new Properties();
        // test only: the server's certificate is self-signed
        props.put("mail.imaps.ssl.trust", "*");
        props.put("mail.imaps.ssl.checkserveridentity", "false");
        props.put("mail.imaps.timeout", "30000");
        Session session = Session.getInstance(props);
        Store store = session.getStore("imaps");
        store.connect("127.0.0.1", IMAPS_PORT, user, PASSWORD);
        try {
            List<String> names = Arrays.stream(store.getDefaultFolder().list("*")).map(Folder::getFullName).toList();
            assertTrue(names.containsAll(List.of("INBOX", "Sent", "Drafts", "Trash")), names.toString());
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message[] messages = inbox.getMessages();
            assertEquals(2, messages.length);
            assertEquals("imap 1", messages[0].getSubject());
            assertTrue(((String) messages[0].getContent()).contains("Hello from the integration tests."));
            inbox.moveMessages(new Message[]{messages[0]}, store.getFolder("Trash"));
            assertTrue(messages[0].isExpunged(), "the MOVE reported the EXPUNGE");
            inbox.close(false);
            assertEquals(1, store.getFolder("INBOX").getMessageCount(), "STATUS after the move");

            Folder drafts = store.getFolder("Drafts");
            MimeMessage draft = new MimeMessage(session);
            draft.setSubject("Unfinished");
            draft.setText("to be continued");
            draft.setFlag(Flags.Flag.DRAFT, true);
            drafts.appendMessages(new Message[]{draft});
            drafts.open(Folder.READ_ONLY);
            assertEquals(1, drafts.getMessageCount());
            assertEquals("Unfinished", drafts.getMessage(1).getSubject());
            assertTrue(drafts.getMessage(1).isSet(Flags.Flag.DRAFT));
            drafts.close(false);
            Folder trash = store.getFolder("Trash");
            trash.open(Folder.READ_ONLY);
            assertEquals("imap 1", trash.getMessage(1).getSubject());
            trash.close(false);
        } finally {
            store.close();
        }
    }

    @Test
    void mbsyncSyncsTwicePickingUpANewMessageAndAFlagChange(@TempDir Path dir) throws Exception {
        String user = userWithMail("mbsync", 1);
        Path mail = Files.createDirectories(dir.resolve("mail"));
        Path rc = dir.resolve("mbsyncrc");
        Files.writeString(rc, """
                IMAPAccount postroom
                Host 127.0.0.1
                Port %d
                User %s
                Pass "%s"
                SSLType None
                AuthMechs LOGIN

                IMAPStore remote
                Account postroom

                MaildirStore local
                Path %s/
                Inbox %s/INBOX

                Channel inbox
                Far :remote:
                Near :local:
                Patterns INBOX
                Create Near
                Sync All
                SyncState *
                """.formatted(IMAP_PORT, user, PASSWORD, mail, mail));
        Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
        List<String> mbsync = List.of("mbsync", "-c", rc.toString(), "-a");
        run(mbsync, dir);
        assertEquals(1, maildirFiles(mail.resolve("INBOX")).size());

        deliver(user, "second");
        awaitMessages(user, 2);
        try (Imap imap = new Imap(IMAP_PORT)) {
            imap.command("a1", "LOGIN " + user + " \"" + PASSWORD + "\"");
            imap.command("a2", "SELECT INBOX");
            assertTrue(imap.command("a3", "UID STORE 1 +FLAGS (\\Flagged)").startsWith("a3 OK"));
        }
        run(mbsync, dir);
        List<Path> files = maildirFiles(mail.resolve("INBOX"));
        assertEquals(2, files.size(), files.toString());
        assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().matches(".*:2,[A-Z]*F[A-Z]*")),
                "the flag change reached the Maildir: " + files);
    }

    private static List<Path> maildirFiles(Path maildir) throws IOException {
        try (Stream<Path> cur = Files.list(maildir.resolve("cur"));
                Stream<Path> fresh = Files.list(maildir.resolve("new"))) {
            return Stream.concat(cur, fresh).toList();
        }
    }

    @Test
    void fetchmailOverImapFetchesAndKeeps(@TempDir Path dir) throws Exception {
        String user = userWithMail("fmimap", 2);
        Path out = Files.createDirectory(dir.resolve("out"));
        Path rc = dir.resolve("fetchmailrc");
        Files.writeString(rc, "poll 127.0.0.1 port " + IMAP_PORT + " proto IMAP\n"
                + "  user \"" + user + "\" there with password \"" + PASSWORD + "\" is \""
                + System.getProperty("user.name") + "\" here\n"
                // test only: STARTTLS is used, but the self-signed certificate cannot be verified
                + "  sslproto \"tls1.2+\" no sslcertck\n"
                + "  keep\n"
                + "  mda \"/bin/sh -c 'cat > $(mktemp " + out + "/msg.XXXXXX)'\"\n");
        Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
        run(List.of("fetchmail", "-f", rc.toString(), "--nosyslog", "--pidfile", dir.resolve("pid").toString()), dir);
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(2, files.count());
        }
        awaitMessages(user, 2);
    }

    @Test
    void curlListsMailboxesAndFetchesAMessageByUid() throws Exception {
        String user = userWithMail("curlimap", 1);
        String credentials = user + ":" + PASSWORD;
        String list = run(List.of("curl", "-sS", "--ssl-reqd", "-k", "-u", credentials,
                "imap://127.0.0.1:" + IMAP_PORT + "/"), null);
        assertTrue(list.contains("INBOX") && list.contains("Sent"), list);
        String message = run(List.of("curl", "-sS", "-k", "-u", credentials,
                "imaps://127.0.0.1:" + IMAPS_PORT + "/INBOX;UID=1"), null);
        assertTrue(message.contains("Subject: imap 1") && message.contains("Hello from the integration tests."),
                message);
    }
}
