package it;

import static it.Postroom.get;
import static it.Postroom.newDomain;
import static it.Postroom.newUser;
import static it.Postroom.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mail in over SMTP, through the queue, into mailboxes: with Jakarta Mail, swaks, curl and raw sockets. */
class SmtpDeliveryIT {

    static final String PASSWORD = "correct horse battery";

    /** Waits until the user's INBOX (all folders) holds {@code expected} messages; fails after 15 s. */
    static void awaitMessages(String user, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        long count = -1;
        while (System.nanoTime() < deadline) {
            count = get("/api/users/" + user + "/quota").expect(200).object().getJsonNumber("usedMessages").longValue();
            if (count == expected) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(user + " has " + count + " message(s), expected " + expected);
    }

    static JsonObject job(String queueId) {
        return get("/api/queue/" + queueId).expect(200).object();
    }

    @Test
    void jakartaMailMessageWithAttachmentIsDeliveredToTheInbox() throws Exception {
        String user = newUser(newDomain(), "jm");
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(Smtp.SMTP_PORT));
        Session session = Session.getInstance(props);
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("alice@remote.example"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(user));
        m.setSubject("Jakarta Mail with an attachment");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("See the attachment.");
        MimeBodyPart attachment = new MimeBodyPart();
        byte[] pdfish = new byte[40_000];
        new java.util.Random(7).nextBytes(pdfish);
        attachment.setDataHandler(new DataHandler(new ByteArrayDataSource(pdfish, "application/octet-stream")));
        attachment.setFileName("report.bin");
        m.setContent(new MimeMultipart(text, attachment));
        Transport.send(m);
        awaitMessages(user, 1);
        long used = get("/api/users/" + user + "/quota").expect(200).object().getJsonNumber("usedBytes").longValue();
        assertTrue(used > 40_000 * 4 / 3, "the base64 attachment is stored: " + used);
    }

    @Test
    void swaksWithAnAttachmentIsDelivered(@TempDir Path dir) throws Exception {
        String user = newUser(newDomain(), "sw");
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "attached by swaks\n");
        Process p = new ProcessBuilder("swaks", "--server", "127.0.0.1:" + Smtp.SMTP_PORT, "--to", user, "--from",
                "swaks@remote.example", "--attach", file.toString(), "--header", "Subject: swaks")
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
        assertTrue(output.contains("250 2.0.0"), output);
        awaitMessages(user, 1);
    }

    @Test
    void curlSmtpUploadIsDelivered(@TempDir Path dir) throws Exception {
        String user = newUser(newDomain(), "curl");
        Path file = dir.resolve("message.eml");
        Files.writeString(file, Smtp.message("sent by curl").replace("\n", "\r\n"));
        Process p = new ProcessBuilder("curl", "-sS", "smtp://127.0.0.1:" + Smtp.SMTP_PORT, "--mail-from",
                "curl@remote.example", "--mail-rcpt", user, "--upload-file", file.toString()).redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
        awaitMessages(user, 1);
    }

    @Test
    void acceptedMessageGetsAQueueIdAndIsDeliveredOnce() throws Exception {
        String user = newUser(newDomain(), "once");
        String reply;
        try (Smtp smtp = Smtp.connect(Smtp.SMTP_PORT)) {
            smtp.command("EHLO it.test", 250);
            reply = smtp.transaction("a@remote.example", List.of(user, user.toUpperCase()), Smtp.message("once"));
        }
        String id = Smtp.queueId(reply);
        awaitMessages(user, 1);
        JsonObject job = job(id);
        assertEquals("DELIVERED", job.getString("state"));
        assertEquals("a@remote.example", job.getString("sender"));
    }

    @Test
    void unknownLocalUserIsRejectedWith550_511() throws Exception {
        String d = newDomain();
        try (Smtp smtp = Smtp.connect(Smtp.SMTP_PORT)) {
            smtp.command("EHLO it.test", 250);
            smtp.command("MAIL FROM:<a@remote.example>", 250);
            assertTrue(smtp.command("RCPT TO:<ghost@" + d + ">", 550).contains("5.1.1"));
        }
    }

    @Test
    void relayWithoutAuthenticationIsDeniedWith554_571() throws Exception {
        try (Smtp smtp = Smtp.connect(Smtp.SMTP_PORT)) {
            smtp.command("EHLO it.test", 250);
            smtp.command("MAIL FROM:<a@remote.example>", 250);
            assertTrue(smtp.command("RCPT TO:<victim@elsewhere.example>", 554).contains("5.7.1"));
        }
    }

    @Test
    void aliasGroupDeliversOneCopyToEachMember() throws Exception {
        String d = newDomain();
        String ann = newUser(d, "ann");
        String ben = newUser(d, "ben");
        put("/api/aliases/team@" + d, "{\"targets\":[\"" + ann + "\",\"" + ben + "\"]}").expect(201);
        put("/api/aliases/all@" + d, "{\"targets\":[\"team@" + d + "\",\"" + ann + "\"]}").expect(201);
        try (Smtp smtp = Smtp.connect(Smtp.SMTP_PORT)) {
            smtp.command("EHLO it.test", 250);
            Smtp.queueId(smtp.transaction("a@remote.example", List.of("all@" + d, ann), Smtp.message("group")));
        }
        awaitMessages(ann, 1);
        awaitMessages(ben, 1);
    }

    @Test
    void rejectedSenderIsRefusedWith550_571AndOversizeWith552_534() throws Exception {
        String user = newUser(newDomain(), "picky");
        put("/api/users/" + user + "/restrictions",
                "{\"maxMessageBytes\":2000,\"rejectSenders\":[\"@spam.example\"]}").expect(200);
        try (Smtp smtp = Smtp.connect(Smtp.SMTP_PORT)) {
            smtp.command("EHLO it.test", 250);
            smtp.command("MAIL FROM:<bad@spam.example>", 250);
            assertTrue(smtp.command("RCPT TO:<" + user + ">", 550).contains("5.7.1"));
            smtp.command("RSET", 250);
            smtp.command("MAIL FROM:<ok@remote.example> SIZE=5000", 250);
            assertTrue(smtp.command("RCPT TO:<" + user + ">", 552).contains("5.3.4"));
            smtp.command("RSET", 250);
            smtp.command("MAIL FROM:<ok@remote.example>", 250);
            smtp.command("RCPT TO:<" + user + ">", 250);
            smtp.command("DATA", 354);
            smtp.send("Subject: big\r\n\r\n" + "x".repeat(990));
            for (int i = 0; i < 5; i++) {
                smtp.send("x".repeat(990));
            }
            smtp.send(".");
            assertTrue(smtp.expect(552).contains("5.3.4"));
        }
        assertEquals(0, get("/api/users/" + user + "/quota").expect(200).object().getInt("usedMessages"));
    }

    @Test
    void submissionRequiresAuthAndThenRelaysToTheOutboundQueue() throws Exception {
        String user = newUser(newDomain(), "sub");
        try (Smtp smtp = Smtp.connect(Smtp.SUBMISSION_PORT)) {
            smtp.command("EHLO it.test", 250);
            assertTrue(smtp.command("MAIL FROM:<" + user + ">", 530).contains("5.7.0"));
            smtp.command("AUTH PLAIN " + plain(user, "wrong password"), 535);
            smtp.command("AUTH PLAIN " + plain(user, PASSWORD), 235);
            // submission: the From: must be the user's too (553 5.7.1 otherwise)
            String id = Smtp.queueId(smtp.transaction(user, List.of("friend@elsewhere.example"),
                    Smtp.message("outbound").replace("From: sender@remote.example", "From: " + user)));
            JsonObject job = job(id);
            assertEquals("elsewhere.example", job.getJsonArray("recipients")
                    .getJsonObject(0)
                    .getString("address")
                    .replaceAll(".*@", ""));
            List<String> states = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                states.clear();
                job(id).getJsonArray("recipients").forEach(r -> states.add(r.asJsonObject().getString("state")));
                if (!states.contains("PENDING")) {
                    break;
                }
                Thread.sleep(100);
            }
            // waiting for outbound delivery: QUEUED, or DEFERRED once the queue runner found no outbound client (or
            // no route) for it
            assertTrue(states.equals(List.of("QUEUED")) || states.equals(List.of("DEFERRED")),
                    "remote recipients wait for outbound delivery: " + states);
        }
    }

    @Test
    void smtpsSpeaksTlsFromTheFirstByte() throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[]{new TrustAll()}, null);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", Smtp.SMTPS_PORT)) {
            socket.startHandshake();
            try (Smtp smtp = new Smtp(socket)) {
                smtp.expect(220);
                assertTrue(smtp.command("EHLO it.test", 250).contains("AUTH PLAIN LOGIN"));
            }
        }
    }

    /** Issue 11 item 6, RFC 5321 section 4.4: the delivered message starts with Return-Path, as IMAP and POP3 read it. */
    @Test
    void finalDeliveryPutsReturnPathOnTopAndImapPop3AndQuotaAgree() throws Exception {
        String user = newUser(newDomain(), "rp");
        try (Smtp smtp = Smtp.connect(Smtp.SMTP_PORT)) {
            smtp.command("EHLO it.test", 250);
            Smtp.queueId(smtp.transaction("bounces@remote.example", List.of(user), Smtp.message("return path")));
            Smtp.queueId(smtp.transaction("", List.of(user), Smtp.message("null sender")));
        }
        awaitMessages(user, 2);
        Properties props = new Properties();
        props.put("mail.imap.timeout", "30000");
        jakarta.mail.Store store = Session.getInstance(props).getStore("imap");
        store.connect("127.0.0.1", ImapIT.IMAP_PORT, user, PASSWORD);
        long imapTotal = 0;
        try {
            jakarta.mail.Folder inbox = store.getFolder("INBOX");
            inbox.open(jakarta.mail.Folder.READ_ONLY);
            Message[] messages = inbox.getMessages();
            String[] expected = {"<bounces@remote.example>", "<>"};
            for (int i = 0; i < 2; i++) {
                MimeMessage m = (MimeMessage) messages[i];
                assertEquals(expected[i], m.getHeader("Return-Path")[0]);
                java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
                m.writeTo(raw);
                String text = raw.toString(StandardCharsets.ISO_8859_1);
                assertTrue(text.startsWith("Return-Path: " + expected[i] + "\r\nReceived: "), text);
                assertEquals(m.getSize(), raw.size(), "RFC822.SIZE is the size of BODY[]");
                imapTotal += m.getSize();
            }
            inbox.close(false);
        } finally {
            store.close();
        }
        try (Pop3IT.Pop3 pop = new Pop3IT.Pop3(Pop3IT.POP3_PORT).login(user)) {
            assertEquals("+OK 2 " + imapTotal, pop.command("STAT"), "POP3 sizes are IMAP's");
            assertTrue(pop.command("TOP 1 0").startsWith("+OK"));
            assertEquals("Return-Path: <bounces@remote.example>", pop.in.readLine());
            String line;
            while (!(line = pop.in.readLine()).equals(".")) {
                assertTrue(line.startsWith("Received") || !line.startsWith("Return-Path"), line);
            }
        }
        long used = get("/api/users/" + user + "/quota").expect(200).object().getJsonNumber("usedBytes").longValue();
        assertEquals(imapTotal, used, "the quota counts what IMAP and POP3 report");
    }

    static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Test only: the server's certificate is self-signed. */
    static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
