package org.postroom.connector.ra.smtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postroom.connector.ra.net.TlsMode;

/** A real client library (Jakarta Mail / Angus) talking to the core: STARTTLS, then a message with an attachment. */
@Timeout(60)
class JakartaMailClientTest {

    @TempDir
    Path dataDir;

    @Test
    void jakartaMailSendsAMessageWithAnAttachmentOverStartTls() throws Exception {
        byte[] attachment = new byte[300_000];
        new Random(42).nextBytes(attachment);
        try (SmtpHarness h = SmtpHarness.builder(dataDir).tls(TlsMode.STARTTLS).start()) {
            Properties props = new Properties();
            props.put("mail.smtp.host", "127.0.0.1");
            props.put("mail.smtp.port", Integer.toString(h.address().getPort()));
            props.put("mail.smtp.localhost", "client.example.org");
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
            // test only: the server's certificate is self-signed and names mx.postroom.test, not 127.0.0.1
            props.put("mail.smtp.ssl.trust", "*");
            props.put("mail.smtp.ssl.checkserveridentity", "false");
            props.put("mail.smtp.timeout", "10000");
            Session session = Session.getInstance(props);

            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress("alice@example.org"));
            message.setRecipients(Message.RecipientType.TO, "bob@postroom.test, carol@postroom.test");
            message.setSubject("Report");
            MimeBodyPart text = new MimeBodyPart();
            text.setText("See attachment.\n.\nA line with only a dot above.", "UTF-8");
            MimeBodyPart file = new MimeBodyPart();
            file.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment, "application/octet-stream")));
            file.setFileName("report.bin");
            MimeMultipart multipart = new MimeMultipart(text, file);
            message.setContent(multipart);
            Transport.send(message);

            FakeAcceptanceListener.Delivery d = h.listener.onlyDelivery();
            assertEquals(2, d.recipients().size());
            assertTrue(d.session().tls());
            MimeMessage received = new MimeMessage(session, new ByteArrayInputStream(d.content()));
            assertTrue(received.getHeader("Received")[0].startsWith("from client.example.org"));
            assertEquals("Report", received.getSubject());
            Multipart parts = (Multipart) received.getContent();
            assertEquals(2, parts.getCount());
            assertEquals("See attachment.\n.\nA line with only a dot above.",
                    ((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n"));
            Part receivedFile = parts.getBodyPart(1);
            assertEquals("report.bin", receivedFile.getFileName());
            assertArrayEquals(attachment, receivedFile.getInputStream().readAllBytes());
        }
    }
}
