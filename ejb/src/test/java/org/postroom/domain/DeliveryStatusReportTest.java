package org.postroom.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.postroom.domain.DeliveryStatusReport.Action;
import org.postroom.domain.DeliveryStatusReport.Recipient;

class DeliveryStatusReportTest {

    private static final Instant ARRIVAL = Instant.parse("2026-12-07T09:00:00Z");
    private static final Instant NOW = Instant.parse("2026-12-07T09:05:00Z");
    private static final String ORIGINAL = "From: bob@example.org\r\nSubject: hi\r\n\r\nthe body\r\n";

    private static String compose(List<Recipient> recipients, boolean full) {
        return new String(DeliveryStatusReport.compose("mail.example.org", "01ABC", "bob@example.org",
                Optional.of("env-1"), ARRIVAL, recipients, ORIGINAL.getBytes(StandardCharsets.US_ASCII), full, NOW),
                StandardCharsets.US_ASCII);
    }

    @Test
    void aFailureReportIsAMultipartReportWithOneBlockPerRecipientAndTheMessage() {
        String report = compose(List.of(new Recipient("carol@remote.test", Optional.of("rfc822;team@example.org"),
                Action.FAILED, "550 5.1.1 <carol@remote.test>: no such user",
                Optional.of("mx1.remote.test[192.0.2.1]:25"), NOW, Optional.empty())), true);
        String boundary = "01ABC/mail.example.org";
        assertEquals("From: Mail Delivery System <MAILER-DAEMON@mail.example.org>\r\n"
                + "To: <bob@example.org>\r\n"
                + "Subject: Undelivered Mail Returned to Sender\r\n"
                + "Date: Mon, 7 Dec 2026 09:05:00 GMT\r\n"
                + "Message-ID: <01ABC.dsn@mail.example.org>\r\n"
                + "Auto-Submitted: auto-replied\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"" + boundary + "\"\r\n",
                report.substring(0, report.indexOf("\r\n\r\n") + 2));
        assertTrue(report.contains("--" + boundary + "\r\nContent-Type: message/delivery-status\r\n"
                + "Content-Description: Delivery report\r\n\r\n"
                + "Reporting-MTA: dns; mail.example.org\r\n"
                + "Original-Envelope-Id: env-1\r\n"
                + "Arrival-Date: Mon, 7 Dec 2026 09:00:00 GMT\r\n\r\n"
                + "Final-Recipient: rfc822; carol@remote.test\r\n"
                + "Original-Recipient: rfc822; team@example.org\r\n"
                + "Action: failed\r\n"
                + "Status: 5.1.1\r\n"
                + "Remote-MTA: dns; mx1.remote.test\r\n"
                + "Diagnostic-Code: smtp; 550 5.1.1 <carol@remote.test>: no such user\r\n"
                + "Last-Attempt-Date: Mon, 7 Dec 2026 09:05:00 GMT\r\n"), report);
        assertTrue(report.contains("Content-Type: message/rfc822\r\nContent-Description: Original message\r\n\r\n"
                + ORIGINAL + "\r\n--" + boundary + "--\r\n"), report);
        assertTrue(report.endsWith("--" + boundary + "--\r\n"));
    }

    @Test
    void aDelayReportSaysUntilWhenItIsRetriedAndReturnsOnlyTheHeader() {
        String report = compose(List.of(new Recipient("carol@remote.test", Optional.empty(), Action.DELAYED,
                "451 4.4.1 connection refused", Optional.empty(), NOW,
                Optional.of(Instant.parse("2026-12-12T09:00:00Z")))), false);
        assertTrue(report.contains("Subject: Delayed Mail (still being retried)\r\n"), report);
        assertTrue(report.contains("Action: delayed\r\nStatus: 4.4.1\r\n"), report);
        assertTrue(report.contains("Will-Retry-Until: Sat, 12 Dec 2026 09:00:00 GMT\r\n"), report);
        assertTrue(report.contains("Content-Type: text/rfc822-headers\r\n"), report);
        assertFalse(report.contains("the body"), report);
        assertTrue(report.contains("Subject: hi\r\n"), report);
    }

    @Test
    void theStatusIsTheRepliesEnhancedCodeOrItsClass() {
        assertEquals("5.1.1", DeliveryStatusReport.status("550 5.1.1 no", Action.FAILED));
        assertEquals("5.0.0", DeliveryStatusReport.status("554 transaction failed", Action.FAILED));
        assertEquals("4.4.7", DeliveryStatusReport.status("4.4.7 delivery time expired", Action.FAILED));
        assertEquals("5.0.0", DeliveryStatusReport.status("it broke", Action.FAILED));
        assertEquals("2.0.0", DeliveryStatusReport.status("250 ok", Action.RELAYED));
    }

    @Test
    void reportHeaderInjectionThroughARemoteReplyIsCutToOneLine() {
        String report = compose(List.of(new Recipient("carol@remote.test", Optional.empty(), Action.FAILED,
                "550 5.1.1 no\r\nBcc: victim@example.org", Optional.empty(), NOW, Optional.empty())), false);
        assertFalse(report.contains("\r\nBcc:"), report);
        assertTrue(report.contains("Diagnostic-Code: smtp; 550 5.1.1 no  Bcc: victim@example.org\r\n"), report);
    }

    @Test
    void notifyDecidesWhichReportsGo() {
        assertTrue(DeliveryStatusReport.notifyWants(Optional.empty(), Action.FAILED));
        assertTrue(DeliveryStatusReport.notifyWants(Optional.empty(), Action.DELAYED));
        assertFalse(DeliveryStatusReport.notifyWants(Optional.empty(), Action.DELIVERED));
        assertFalse(DeliveryStatusReport.notifyWants(Optional.of("NEVER"), Action.FAILED));
        assertTrue(DeliveryStatusReport.notifyWants(Optional.of("SUCCESS"), Action.DELIVERED));
        assertFalse(DeliveryStatusReport.notifyWants(Optional.of("SUCCESS"), Action.FAILED));
        assertTrue(DeliveryStatusReport.notifyWants(Optional.of("failure,delay"), Action.DELAYED));
    }
}
