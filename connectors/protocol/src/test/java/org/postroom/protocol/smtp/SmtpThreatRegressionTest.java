package org.postroom.protocol.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postroom.connector.api.MailAddress;
import org.postroom.connector.api.MailProtocol;

/** One regression test per injection or parsing threat, named after the threat (house convention 8). */
class SmtpThreatRegressionTest {

    private static final String SMUGGLED = "MAIL FROM:<ceo@example.org>\r\nRCPT TO:<victim@example.org>\r\nDATA\r\n"
            + "From: ceo@example.org\r\n\r\nWire the money\r\n";

    private SmtpDialogue smtp = SmtpDialogue.mx();

    @AfterEach
    void listenerContractKept() {
        smtp.closeAndCheckContract();
    }

    private void openData() {
        smtp.ehlo().send("MAIL FROM:<bob@client.example>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n");
    }

    /** The smuggled transaction must never reach the command parser: one refusal, one listener, no second MAIL. */
    private void assertSmugglingRefused(String endOfDataLookalike) {
        openData();
        String replies = smtp.send("Subject: hi\r\n\r\nhello" + endOfDataLookalike + SMUGGLED);
        assertEquals("", replies, "the look-alike must not end the data");
        assertEquals("550 5.6.11 Bare CR or LF not allowed in message content\r\n", smtp.send(".\r\n"));
        assertEquals(1, smtp.listeners.listeners.size(), "no second transaction");
        assertFalse(smtp.listeners.events.stream().anyMatch(e -> e.contains("ceo@") || e.contains("victim@")));
        assertEquals("250 2.0.0 Ok\r\n", smtp.send("NOOP\r\n"));
    }

    @Test
    void smtpSmugglingWithBareLfDotBareLfDoesNotEndData() {
        assertSmugglingRefused("\n.\n");
    }

    @Test
    void smtpSmugglingWithBareCrDotBareCrDoesNotEndData() {
        assertSmugglingRefused("\r.\r");
    }

    @Test
    void smtpSmugglingWithCrLfDotBareLfDoesNotEndData() {
        assertSmugglingRefused("\r\n.\n");
    }

    @Test
    void smtpSmugglingWithBareLfDotCrLfDoesNotEndData() {
        assertSmugglingRefused("\n.\r\n");
    }

    @Test
    void smtpSmugglingWithCrLfDotBareCrDoesNotEndData() {
        assertSmugglingRefused("\r\n.\r");
    }

    @Test
    void smtpSmugglingSplitAcrossChunksDoesNotEndData() {
        openData();
        assertEquals("", smtp.sendByteByByte("hello\n.\n" + SMUGGLED));
        assertEquals("550 5.6.11 Bare CR or LF not allowed in message content\r\n", smtp.sendByteByByte(".\r\n"));
        assertEquals(1, smtp.listeners.listeners.size());
    }

    @Test
    void bareLfInAnOrdinaryLineRefusesTheMessage() {
        openData();
        assertEquals("550 5.6.11 Bare CR or LF not allowed in message content\r\n",
                smtp.send("Subject: x\r\n\r\nunix line\nend\r\n.\r\n"));
    }

    @Test
    void plaintextPipelinedAfterStartTlsIsDiscarded() {
        smtp = SmtpDialogue.with(SmtpDialogue.config().startTlsAvailable(true).build());
        smtp.ehlo();
        String replies = smtp.send("STARTTLS\r\nMAIL FROM:<evil@attacker.example>\r\nRCPT TO:<victim@example.org>\r\n"
                + "AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\npartial line without end");
        assertEquals("220 2.0.0 Ready to start TLS\r\n", replies, "nothing after STARTTLS is executed");
        assertTrue(smtp.lastOutput().startTls());
        assertEquals("", smtp.send("NOOP\r\nMAIL FROM:<late@attacker.example>\r\n"),
                "still discarded before the handshake");
        smtp.tlsStarted();
        assertEquals("500 5.5.2 Command not recognized\r\n", smtp.send("EHLO_\r\n"),
                "the partial plaintext line was dropped too, not glued to the first TLS line");
        assertEquals("503 5.5.1 Send HELO/EHLO first\r\n", smtp.send("MAIL FROM:<bob@client.example>\r\n"));
        assertTrue(smtp.listeners.events.isEmpty(), "the injected MAIL never reached the listener");
        assertFalse(smtp.session().context().isAuthenticated());
    }

    @Test
    void receivedHeaderCannotBeInjectedViaHeloName() {
        assertEquals("500 5.5.2 Invalid characters in command\r\n",
                smtp.send("EHLO evil.example\rX-Injected: yes\r\n"));
        assertEquals("501 5.5.4 Syntax: EHLO hostname\r\n", smtp.send("EHLO evil.example (spoofed by trusted)\r\n"));
        assertEquals("501 5.5.4 Syntax: HELO hostname\r\n", smtp.send("HELO evil;by trusted\r\n"));
        assertEquals("501 5.5.4 Syntax: EHLO hostname\r\n", smtp.send("EHLO \u00e9vil\r\n"));
        assertEquals("500 5.5.2 Invalid characters in command\r\n", smtp.send("EHLO a\u0000b\r\n"));
        assertEquals(SmtpState.CONNECTED, smtp.session().state());

        smtp.ehlo().send("MAIL FROM:<bob@client.example>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n.\r\n");
        String content = smtp.listeners.lastContent();
        assertEquals(4, content.split("\r\n", -1).length - 1, "the Received header is exactly four lines");
        assertFalse(content.contains("X-Injected"));

        // the formatter filters again, whatever reaches it
        String header = new String(ReceivedHeader.format("x\r\nX-Injected: 1", SmtpDialogue.REMOTE, "mx.example.org",
                MailProtocol.ESMTP, "Q\r\n1", List.of(new MailAddress("a", "example.org")), SmtpDialogue.CLOCK.instant()
                        .atZone(SmtpDialogue.CLOCK.getZone())),
                StandardCharsets.US_ASCII);
        assertFalse(header.contains("\r\nX-Injected"), header);
        assertEquals(4, header.split("\r\n", -1).length - 1, header);
    }

    @Test
    void overlongCommandLineIsRefusedOnceAndTheSessionSurvives() {
        assertEquals("500 5.5.2 Line too long\r\n250 2.0.0 Ok\r\n",
                smtp.send("NOOP " + "x".repeat(5000) + "\r\nNOOP\r\n"));
        assertEquals("", smtp.send("HELO " + "y".repeat(3000)), "nothing is answered before the line ends");
        assertEquals("", smtp.send("z".repeat(1_000_000)), "and the rest is dropped as it arrives");
        assertEquals("500 5.5.2 Line too long\r\n250 mx.example.org\r\n", smtp.send("\r\nHELO client.example\r\n"));
    }

    @Test
    void commandLineOfExactlyTheLimitIsAcceptedAndOneMoreOctetIsNot() {
        String noop998 = "NOOP " + "x".repeat(993); // 998 octets + CRLF = 1000
        assertEquals("250 2.0.0 Ok\r\n", smtp.send(noop998 + "\r\n"));
        assertEquals("500 5.5.2 Line too long\r\n", smtp.send(noop998 + "x\r\n"));
    }

    @Test
    void listenerRejectionTextCannotSplitTheReply() {
        openData();
        assertEquals("451 4.3.0 Queue unavailable??250 injected\r\n", smtp.send("X-Fail-Done: yes\r\n\r\n.\r\n"));
    }

    @Test
    void bareCrInACommandLineIsRefused() {
        assertEquals("500 5.5.2 Invalid characters in command\r\n", smtp.send("NOOP\rQUIT\r\n"));
        assertFalse(smtp.lastOutput().close());
    }

    @Test
    void passwordsAreNeverAcceptedInPlaintextFromTheNetwork() {
        smtp = SmtpDialogue.with(SmtpDialogue.config().startTlsAvailable(true).build());
        smtp.ehlo();
        assertEquals("538 5.7.11 Encryption required for requested authentication mechanism\r\n",
                smtp.send("AUTH LOGIN\r\n"));
        assertEquals(InputMode.COMMAND, smtp.session().inputMode());
    }

    @Test
    void aClientThatKeepsFailingIsSlowedAfterTenErrorsAndDisconnectedAtTwenty() {
        // issue 14, Postfix's smtpd_soft_error_limit / smtpd_hard_error_limit: probing for valid recipients (550
        // 5.1.1) or fuzzing commands gets slow, then ends
        SmtpDialogue smtp = SmtpDialogue.mx();
        smtp.ehlo();
        for (int i = 1; i <= 10; i++) {
            assertEquals("500 5.5.2 Command not recognized\r\n", smtp.send("FROB\r\n"));
            assertEquals(java.time.Duration.ZERO, smtp.lastOutput().delay(), "error " + i);
        }
        assertEquals("250 2.0.0 Ok\r\n", smtp.send("NOOP\r\n"));
        assertEquals(java.time.Duration.ZERO, smtp.lastOutput().delay(), "a good reply is not held");
        for (int i = 11; i <= 19; i++) {
            assertEquals("500 5.5.2 Command not recognized\r\n", smtp.send("FROB\r\n"));
            assertEquals(java.time.Duration.ofSeconds(1), smtp.lastOutput().delay(), "error " + i);
        }
        assertEquals("500 5.5.2 Command not recognized\r\n"
                + "421 4.7.0 mx.example.org Too many errors, closing connection\r\n", smtp.send("FROB\r\nNOOP\r\n"));
        assertTrue(smtp.lastOutput().close());
        assertEquals("", smtp.send("NOOP\r\n"));
    }

    @Test
    void theErrorLimitsAreSettable() {
        SmtpDialogue smtp = SmtpDialogue.with(SmtpDialogue.config()
                .errorLimits(1, 3, java.time.Duration.ofMillis(250))
                .build());
        smtp.send("FROB\r\n");
        assertEquals(java.time.Duration.ZERO, smtp.lastOutput().delay());
        smtp.send("FROB\r\n");
        assertEquals(java.time.Duration.ofMillis(250), smtp.lastOutput().delay());
        assertTrue(smtp.send("FROB\r\n").endsWith("421 4.7.0 mx.example.org Too many errors, closing connection\r\n"));
        assertTrue(smtp.lastOutput().close());
    }
}
