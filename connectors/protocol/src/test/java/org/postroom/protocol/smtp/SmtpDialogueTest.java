package org.postroom.protocol.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.postroom.protocol.smtp.RecordingListenerFactory.assertEvents;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postroom.connector.api.MailAddress;

/** Whole SMTP dialogues, byte for byte: the happy path, every sequence and syntax error, listener decisions. */
class SmtpDialogueTest {

    private SmtpDialogue smtp = SmtpDialogue.mx();

    @AfterEach
    void listenerContractKept() {
        smtp.closeAndCheckContract();
    }

    @Test
    void greetingNamesTheHostWithoutEnhancedCode() {
        assertEquals("220 mx.example.org ESMTP Postroom\r\n", smtp.greeting);
    }

    @Test
    void ehloAdvertisesSizeEightBitMimePipeliningEnhancedStatusCodesAndDsn() {
        assertEquals("250-mx.example.org\r\n" + "250-SIZE 1048576\r\n" + "250-8BITMIME\r\n" + "250-PIPELINING\r\n"
                + "250-ENHANCEDSTATUSCODES\r\n" + "250 DSN\r\n", smtp.send("EHLO client.example\r\n"));
    }

    @Test
    void heloAnswersWithTheHostnameOnly() {
        assertEquals("250 mx.example.org\r\n", smtp.send("HELO client.example\r\n"));
    }

    @Test
    void ehloWithoutOrWithBadNameIs501() {
        assertEquals("501 5.5.4 Syntax: EHLO hostname\r\n", smtp.send("EHLO\r\n"));
        assertEquals("501 5.5.4 Syntax: EHLO hostname\r\n", smtp.send("EHLO two words\r\n"));
        assertEquals("501 5.5.4 Syntax: HELO hostname\r\n", smtp.send("HELO a;b\r\n"));
        assertEquals(SmtpState.CONNECTED, smtp.session().state());
    }

    @Test
    void ehloAcceptsAddressLiteralsAndUnderscores() {
        assertTrue(smtp.send("EHLO [192.0.2.7]\r\n").startsWith("250-"));
        assertTrue(smtp.send("EHLO [IPv6:2001:db8::7]\r\n").startsWith("250-"));
        assertTrue(smtp.send("EHLO my_pc.local\r\n").startsWith("250-"));
    }

    @Test
    void mailFromIsHeldAsLongAsTheListenerAsksAndPipelinedRepliesWaitWithIt() {
        smtp.ehlo();
        assertEquals("250 2.1.0 Ok\r\n", smtp.send("MAIL FROM:<bob@client.example>\r\n"));
        assertEquals(java.time.Duration.ZERO, smtp.lastOutput().delay());
        smtp.send("RSET\r\n");
        assertEquals("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n",
                smtp.send("MAIL FROM:<slow@client.example>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n"));
        assertEquals(java.time.Duration.ofMillis(300), smtp.lastOutput().delay());
        smtp.send("Subject: hi\r\n\r\nHello\r\n");
        assertTrue(smtp.send(".\r\n").startsWith("250 2.0.0"));
        assertEquals(java.time.Duration.ZERO, smtp.lastOutput().delay(), "only the MAIL reply is held");
    }

    @Test
    void completeTransactionIsQueuedAndTheListenerSeesReceivedHeaderAndContent() {
        smtp.ehlo();
        assertEquals("250 2.1.0 Ok\r\n", smtp.send("MAIL FROM:<bob@client.example>\r\n"));
        assertEquals("250 2.1.5 Ok\r\n", smtp.send("RCPT TO:<alice@example.org>\r\n"));
        assertEquals("354 End data with <CR><LF>.<CR><LF>\r\n", smtp.send("DATA\r\n"));
        assertEquals("", smtp.send("Subject: hi\r\n\r\nHello\r\n"));
        assertEquals("250 2.0.0 Ok: queued as Q1\r\n", smtp.send(".\r\n"));

        assertEquals("Received: from client.example ([192.0.2.7])\r\n"
                + "\tby mx.example.org (Postroom) with ESMTP id Q1\r\n" + "\tfor <alice@example.org>;\r\n" + "\t"
                + SmtpDialogue.DATE + "\r\n" + "Subject: hi\r\n" + "\r\n" + "Hello\r\n", smtp.listeners.lastContent());
        assertEvents(smtp.listeners, "create Q1 ESMTP", "from <bob@client.example> size=- body=-",
                "rcpt <alice@example.org>", "data 175 octets", "done");
        assertEquals(SmtpState.GREETED, smtp.session().state());
    }

    @Test
    void receivedHeaderSaysForOnlyWithExactlyOneRecipientAndSmtpAfterHelo() {
        smtp.send("HELO client.example\r\nMAIL FROM:<>\r\nRCPT TO:<a@example.org>\r\nRCPT TO:<b@example.org>\r\n");
        smtp.send("DATA\r\nx\r\n.\r\n");
        assertEquals("Received: from client.example ([192.0.2.7])\r\n"
                + "\tby mx.example.org (Postroom) with SMTP id Q1;\r\n\t" + SmtpDialogue.DATE + "\r\nx\r\n",
                smtp.listeners.lastContent());
    }

    @Test
    void pipelinedCommandsInOneBufferGetTheirRepliesInOrder() {
        String replies = smtp.send("EHLO client.example\r\nMAIL FROM:<bob@client.example> BODY=8BITMIME\r\n"
                + "RCPT TO:<unknown@example.org>\r\nRCPT TO:<alice@example.org>\r\nRCPT TO:<carol@example.org>\r\n"
                + "DATA\r\n");
        assertTrue(replies.endsWith("250 2.1.0 Ok\r\n" + "550 5.1.1 Mailbox unknown\r\n" + "250 2.1.5 Ok\r\n"
                + "250 2.1.5 Ok\r\n" + "354 End data with <CR><LF>.<CR><LF>\r\n"), replies);
        assertEquals("250 2.0.0 Ok: queued as Q1\r\n" + "250 2.0.0 Ok\r\n" + "221 2.0.0 Bye\r\n",
                smtp.send("Hi\r\n.\r\nNOOP\r\nQUIT\r\n"));
        assertTrue(smtp.lastOutput().close());
    }

    @Test
    void aWholeSessionInOneBufferIsAnsweredInOrder() {
        String replies = smtp.send("EHLO c.example\r\nMAIL FROM:<a@c.example>\r\nRCPT TO:<b@example.org>\r\n"
                + "DATA\r\nSubject: one\r\n\r\n.\r\nMAIL FROM:<a@c.example>\r\nRCPT TO:<b@example.org>\r\n"
                + "DATA\r\nSubject: two\r\n\r\n.\r\nQUIT\r\n");
        assertTrue(replies.endsWith("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n"
                + "250 2.0.0 Ok: queued as Q1\r\n"
                + "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n"
                + "250 2.0.0 Ok: queued as Q2\r\n221 2.0.0 Bye\r\n"), replies);
        assertTrue(smtp.listeners.lastContent().endsWith("Subject: two\r\n\r\n"));
    }

    @Test
    void commandVerbsAreCaseInsensitive() {
        assertTrue(smtp.send("ehlo client.example\r\n").startsWith("250-"));
        assertEquals("250 2.1.0 Ok\r\n", smtp.send("mail from:<bob@client.example>\r\n"));
        assertEquals("250 2.1.5 Ok\r\n", smtp.send("Rcpt To:<alice@example.org>\r\n"));
    }

    @Test
    void unknownCommandAndEmptyLineAre500() {
        assertEquals("500 5.5.2 Command not recognized\r\n", smtp.send("EXPN staff\r\n"));
        assertEquals("500 5.5.2 Command not recognized\r\n", smtp.send("\r\n"));
        assertEquals("500 5.5.2 Command not recognized\r\n", smtp.send("MAILFROM:<a@b.example>\r\n"));
    }

    @Test
    void commandsOutOfSequenceAre503() {
        assertEquals("503 5.5.1 Send HELO/EHLO first\r\n", smtp.send("MAIL FROM:<a@b.example>\r\n"));
        assertEquals("503 5.5.1 Need MAIL command\r\n", smtp.send("RCPT TO:<alice@example.org>\r\n"));
        assertEquals("503 5.5.1 Need MAIL command\r\n", smtp.send("DATA\r\n"));
        smtp.ehlo();
        assertEquals("503 5.5.1 Need MAIL command\r\n", smtp.send("RCPT TO:<alice@example.org>\r\n"));
        assertEquals("503 5.5.1 Need MAIL command\r\n", smtp.send("DATA\r\n"));
        smtp.send("MAIL FROM:<a@b.example>\r\n");
        assertEquals("503 5.5.1 Need RCPT command\r\n", smtp.send("DATA\r\n"));
        assertEquals("503 5.5.1 Nested MAIL command\r\n", smtp.send("MAIL FROM:<a@b.example>\r\n"));
    }

    @Test
    void mailSyntaxErrorsAre501() {
        smtp.ehlo();
        assertEquals("501 5.5.4 Syntax: MAIL FROM:<address>\r\n", smtp.send("MAIL FROM:bob@client.example\r\n"));
        assertEquals("501 5.5.4 Syntax: MAIL FROM:<address>\r\n", smtp.send("MAIL TO:<bob@client.example>\r\n"));
        assertEquals("501 5.5.4 Syntax: MAIL FROM:<address>\r\n", smtp.send("MAIL\r\n"));
        assertEquals("501 5.1.7 Bad sender address syntax\r\n", smtp.send("MAIL FROM:<bob>\r\n"));
        assertEquals("501 5.1.7 Bad sender address syntax\r\n", smtp.send("MAIL FROM:<bob@client.example\r\n"));
        assertEquals("501 5.1.7 Bad sender address syntax\r\n", smtp.send("MAIL FROM:<b\u00e9b@client.example>\r\n"));
        assertEquals("501 5.5.4 Bad SIZE parameter\r\n", smtp.send("MAIL FROM:<bob@client.example> SIZE=ten\r\n"));
        assertEquals("501 5.5.4 Bad BODY parameter\r\n",
                smtp.send("MAIL FROM:<bob@client.example> BODY=BINARYMIME\r\n"));
        assertEquals("501 5.5.4 Duplicate parameter SIZE\r\n",
                smtp.send("MAIL FROM:<bob@client.example> SIZE=1 SIZE=2\r\n"));
        assertEquals("501 5.5.4 Syntax error in parameters\r\n",
                smtp.send("MAIL FROM:<bob@client.example>SIZE=1\r\n"));
        assertEquals("555 5.5.4 Unsupported MAIL FROM/RCPT TO parameter\r\n",
                smtp.send("MAIL FROM:<bob@client.example> SMTPUTF8\r\n"));
        assertTrue(smtp.listeners.events.isEmpty());
    }

    @Test
    void mailAcceptsNullSenderSizeBodyAuthAndASpaceAfterTheColon() {
        smtp.ehlo();
        assertEquals("250 2.1.0 Ok\r\n", smtp.send("MAIL FROM: <> SIZE=1000 body=8bitmime AUTH=<>\r\n"));
        assertEvents(smtp.listeners, "create Q1 ESMTP", "from <> size=1000 body=EIGHT_BIT_MIME");
    }

    @Test
    void declaredSizeAboveTheMaximumIs552AtMail() {
        smtp.ehlo();
        assertEquals("552 5.3.4 Message size exceeds fixed maximum message size\r\n",
                smtp.send("MAIL FROM:<bob@client.example> SIZE=1048577\r\n"));
        assertEquals("552 5.3.4 Message size exceeds fixed maximum message size\r\n",
                smtp.send("MAIL FROM:<bob@client.example> SIZE=99999999999999999999\r\n"));
        assertEquals("250 2.1.0 Ok\r\n", smtp.send("MAIL FROM:<bob@client.example> SIZE=1048576\r\n"));
    }

    @Test
    void rcptSyntaxErrorsAre501AndParametersAre555() {
        smtp.ehlo().send("MAIL FROM:<bob@client.example>\r\n");
        assertEquals("501 5.5.4 Syntax: RCPT TO:<address>\r\n", smtp.send("RCPT TO:alice@example.org\r\n"));
        assertEquals("501 5.1.3 Bad recipient address syntax\r\n", smtp.send("RCPT TO:<alice@>\r\n"));
        assertEquals("501 5.1.3 Bad recipient address syntax\r\n", smtp.send("RCPT TO:<a..b@example.org>\r\n"));
        assertEquals("501 5.1.3 Bad recipient address syntax\r\n", smtp.send("RCPT TO:<alice@-bad.example>\r\n"));
        assertEquals("555 5.5.4 Unsupported MAIL FROM/RCPT TO parameter\r\n",
                smtp.send("RCPT TO:<alice@example.org> XFORWARD=1\r\n"));
    }

    // --- DSN parameters (RFC 3461)

    @Test
    void dsnParametersOfMailAndRcptReachTheListenerDecoded() {
        smtp.ehlo();
        assertEquals("250 2.1.0 Ok\r\n", smtp.send("MAIL FROM:<bob@client.example> RET=hdrs ENVID=QQ+2B314\r\n"));
        assertEquals("250 2.1.5 Ok\r\n",
                smtp.send("RCPT TO:<alice@example.org> NOTIFY=success,FAILURE ORCPT=rfc822;Alice+2BX@example.org\r\n"));
        assertEquals("250 2.1.5 Ok\r\n", smtp.send("RCPT TO:<carol@example.org> NOTIFY=NEVER\r\n"));
        assertEquals("250 2.1.5 Ok\r\n", smtp.send("RCPT TO:<dave@example.org>\r\n"));
        assertEvents(smtp.listeners, "create Q1 ESMTP", "from <bob@client.example> size=- body=- ret=HDRS envid=QQ+314",
                "rcpt <alice@example.org> notify=SUCCESS,FAILURE orcpt=rfc822;Alice+X@example.org",
                "rcpt <carol@example.org> notify=NEVER", "rcpt <dave@example.org>");
    }

    @Test
    void badDsnParametersAre501AndNothingReachesTheListener() {
        smtp.ehlo();
        assertEquals("501 5.5.4 Bad RET parameter\r\n", smtp.send("MAIL FROM:<bob@client.example> RET=BODY\r\n"));
        assertEquals("501 5.5.4 Bad ENVID parameter\r\n", smtp.send("MAIL FROM:<bob@client.example> ENVID=a+2\r\n"));
        assertEquals("501 5.5.4 Bad ENVID parameter\r\n",
                smtp.send("MAIL FROM:<bob@client.example> ENVID=" + "x".repeat(101) + "\r\n"));
        assertEquals("501 5.5.4 Duplicate parameter RET\r\n",
                smtp.send("MAIL FROM:<bob@client.example> RET=FULL RET=HDRS\r\n"));
        assertTrue(smtp.listeners.events.isEmpty());
        smtp.send("MAIL FROM:<bob@client.example>\r\n");
        assertEquals("501 5.5.4 Bad NOTIFY parameter\r\n",
                smtp.send("RCPT TO:<a@example.org> NOTIFY=NEVER,SUCCESS\r\n"));
        assertEquals("501 5.5.4 Bad NOTIFY parameter\r\n", smtp.send("RCPT TO:<a@example.org> NOTIFY=DELAY,DELAY\r\n"));
        assertEquals("501 5.5.4 Duplicate parameter NOTIFY\r\n",
                smtp.send("RCPT TO:<a@example.org> NOTIFY=NEVER notify=SUCCESS\r\n"));
        assertEquals("501 5.5.4 Bad NOTIFY parameter\r\n", smtp.send("RCPT TO:<a@example.org> NOTIFY=\r\n"));
        assertEquals("501 5.5.4 Bad ORCPT parameter\r\n", smtp.send("RCPT TO:<a@example.org> ORCPT=a@example.org\r\n"));
        assertEquals("501 5.5.4 Bad ORCPT parameter\r\n", smtp.send("RCPT TO:<a@example.org> ORCPT=rfc822;\r\n"));
        assertEquals("501 5.5.4 Duplicate parameter NOTIFY\r\n",
                smtp.send("RCPT TO:<a@example.org> NOTIFY=NEVER NOTIFY=NEVER\r\n"));
        assertEvents(smtp.listeners, "create Q1 ESMTP", "from <bob@client.example> size=- body=-");
    }

    @Test
    void xtextThatDecodesToALineBreakIsRefusedSoItCannotInjectIntoReports() {
        smtp.ehlo();
        assertEquals("501 5.5.4 Bad ENVID parameter\r\n",
                smtp.send("MAIL FROM:<bob@client.example> ENVID=a+0D+0ABcc:x@evil.example\r\n"));
        smtp.send("MAIL FROM:<bob@client.example>\r\n");
        assertEquals("501 5.5.4 Bad ORCPT parameter\r\n",
                smtp.send("RCPT TO:<a@example.org> ORCPT=rfc822;a@example.org+0D+0AX-Injected:1\r\n"));
    }

    @Test
    void postmasterQuotedLocalPartsAndSourceRoutesAreAccepted() {
        smtp.ehlo().send("MAIL FROM:<bob@client.example>\r\n");
        assertEquals("250 2.1.5 Ok\r\n", smtp.send("RCPT TO:<Postmaster>\r\n"));
        assertEquals("250 2.1.5 Ok\r\n", smtp.send("RCPT TO:<\"john doe\"@example.org>\r\n"));
        assertEquals("250 2.1.5 Ok\r\n", smtp.send("RCPT TO:<@relay.example,@other.example:carol@example.org>\r\n"));
        assertEquals("250 2.1.5 Ok\r\n", smtp.send("RCPT TO:<dave@[192.0.2.1]>\r\n"));
        assertEvents(smtp.listeners, "create Q1 ESMTP", "from <bob@client.example> size=- body=-", "rcpt <Postmaster>",
                "rcpt <\"john doe\"@example.org>", "rcpt <carol@example.org>", "rcpt <dave@[192.0.2.1]>");
        assertEquals(SmtpState.RCPT, smtp.session().state());
        assertTrue(new MailAddress("Postmaster", "").isUnqualifiedPostmaster());
    }

    @Test
    void tooManyRecipientsIs452AndTheListenerIsNotAsked() {
        smtp = SmtpDialogue.with(SmtpDialogue.config().maxRecipients(2).build());
        smtp.ehlo().send("MAIL FROM:<bob@client.example>\r\n");
        assertEquals("250 2.1.5 Ok\r\n250 2.1.5 Ok\r\n452 4.5.3 Too many recipients\r\n",
                smtp.send("RCPT TO:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nRCPT TO:<c@example.org>\r\n"));
        assertEquals(2, smtp.listeners.events.stream().filter(e -> e.startsWith("rcpt")).count());
        assertEquals("354 End data with <CR><LF>.<CR><LF>\r\n", smtp.send("DATA\r\n"));
    }

    @Test
    void rejectedRecipientsDoNotCountSoDataNeedsAnAcceptedOne() {
        smtp.ehlo().send("MAIL FROM:<bob@client.example>\r\n");
        assertEquals("550 5.1.1 Mailbox unknown\r\n", smtp.send("RCPT TO:<unknown@example.org>\r\n"));
        assertEquals("452 4.2.2 Mailbox full\r\n", smtp.send("RCPT TO:<full@example.org>\r\n"));
        assertEquals("503 5.5.1 Need RCPT command\r\n", smtp.send("DATA\r\n"));
    }

    @Test
    void senderRejectedByTheListenerEndsTheTransaction() {
        smtp.ehlo();
        assertEquals("550 5.7.1 Sender blocked\r\n", smtp.send("MAIL FROM:<blocked@spam.example>\r\n"));
        assertEquals("503 5.5.1 Need MAIL command\r\n", smtp.send("RCPT TO:<alice@example.org>\r\n"));
        assertEvents(smtp.listeners, "create Q1 ESMTP", "from <blocked@spam.example> size=- body=-", "abort");
    }

    @Test
    void listenerRuntimeFailureIs451AndTheSessionGoesOn() {
        smtp.ehlo().send("MAIL FROM:<bob@client.example>\r\n");
        assertEquals("451 4.3.0 Local error in processing\r\n", smtp.send("RCPT TO:<crash@example.org>\r\n"));
        assertEquals("250 2.1.5 Ok\r\n", smtp.send("RCPT TO:<alice@example.org>\r\n"));
        assertEquals("354 End data with <CR><LF>.<CR><LF>\r\n250 2.0.0 Ok: queued as Q1\r\n",
                smtp.send("DATA\r\nHi\r\n.\r\n"));
    }

    @Test
    void contentRejectedByTheListenerAbortsTheTransaction() {
        smtp.ehlo().send("MAIL FROM:<bob@client.example>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n");
        assertEquals("554 5.7.1 Message refused as spam\r\n", smtp.send("X-Spam: yes\r\n\r\nBuy\r\n.\r\n"));
        assertEquals("abort", smtp.listeners.events.get(smtp.listeners.events.size() - 1));
        assertEquals(SmtpState.GREETED, smtp.session().state());
    }

    @Test
    void rejectionAtDoneIsTheFinalReplyAndAbortsTheTransaction() {
        smtp.ehlo().send("MAIL FROM:<bob@client.example>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n");
        assertEquals("451 4.3.0 Queue unavailable??250 injected\r\n", smtp.send("X-Fail-Done: yes\r\n\r\n.\r\n"));
        assertEquals("abort", smtp.listeners.events.get(smtp.listeners.events.size() - 1));
    }

    @Test
    void rsetAbortsTheTransactionAndKeepsTheHeloName() {
        smtp.ehlo().send("MAIL FROM:<bob@client.example>\r\nRCPT TO:<alice@example.org>\r\n");
        assertEquals("250 2.0.0 Ok\r\n", smtp.send("RSET\r\n"));
        assertEquals(SmtpState.GREETED, smtp.session().state());
        assertEquals("501 5.5.4 Syntax: RSET\r\n", smtp.send("RSET now\r\n"));
        assertEquals("250 2.1.0 Ok\r\n", smtp.send("MAIL FROM:<bob@client.example>\r\n"));
        assertEquals("abort", smtp.listeners.events.get(3));
    }

    @Test
    void ehloInsideATransactionResetsIt() {
        smtp.ehlo().send("MAIL FROM:<bob@client.example>\r\n");
        smtp.ehlo();
        assertEquals(SmtpState.GREETED, smtp.session().state());
        assertEvents(smtp.listeners, "create Q1 ESMTP", "from <bob@client.example> size=- body=-", "abort");
    }

    @Test
    void noopHelpAndQuit() {
        assertEquals("250 2.0.0 Ok\r\n", smtp.send("NOOP anything\r\n"));
        assertEquals("214 2.0.0 Commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT HELP VRFY STARTTLS AUTH\r\n",
                smtp.send("HELP\r\n"));
        assertEquals("221 2.0.0 Bye\r\n", smtp.send("QUIT\r\n"));
        assertTrue(smtp.lastOutput().close());
        assertEquals(InputMode.CLOSED, smtp.session().inputMode());
        assertEquals("", smtp.send("NOOP\r\n"));
    }

    @Test
    void dataAndQuitTakeNoArgument() {
        assertEquals("501 5.5.4 Syntax: QUIT\r\n", smtp.send("QUIT now\r\n"));
        smtp.ehlo().send("MAIL FROM:<bob@client.example>\r\nRCPT TO:<alice@example.org>\r\n");
        assertEquals("501 5.5.4 Syntax: DATA\r\n", smtp.send("DATA now\r\n"));
        assertFalse(smtp.lastOutput().close());
    }

    @Test
    void vrfyIsOffByDefaultAndAnswers252() {
        assertEquals("252 2.5.2 Cannot VRFY user, but will accept message and attempt delivery\r\n",
                smtp.send("VRFY alice@example.org\r\n"));
        assertEquals("501 5.5.4 Syntax: VRFY <address>\r\n", smtp.send("VRFY\r\n"));
    }

    @Test
    void vrfyWhenEnabledAsksTheAddressVerifier() {
        SmtpSessionDriver driver = SmtpProtocol
                .builder(SmtpDialogue.config().vrfyEnabled(true).build(), smtp.listeners)
                .addressVerifier((session, mailbox) -> mailbox.localPart().equals("alice"))
                .build()
                .newDriver(SmtpDialogue.REMOTE);
        driver.start();
        assertEquals("250 2.1.5 <alice@example.org>\r\n", text(driver.receive(bytes("VRFY <alice@example.org>\r\n"))));
        assertEquals("550 5.1.1 User unknown\r\n", text(driver.receive(bytes("VRFY bob@example.org\r\n"))));
        assertEquals("501 5.5.4 Syntax: VRFY <address>\r\n", text(driver.receive(bytes("VRFY bob\r\n"))));
    }

    @Test
    void submissionEndpointRefusesMailWithoutAuthWith530() {
        smtp = SmtpDialogue.with(SmtpDialogue.config().authRequired(true).implicitTls(true).build());
        smtp.ehlo();
        assertEquals("530 5.7.0 Authentication required\r\n", smtp.send("MAIL FROM:<alice@example.org>\r\n"));
        assertTrue(smtp.listeners.events.isEmpty());
    }

    @Test
    void connectionLossAbortsTheOpenTransaction() {
        smtp.ehlo().send("MAIL FROM:<bob@client.example>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\nhalf a mess");
        smtp.session().close();
        assertEquals("abort", smtp.listeners.events.get(smtp.listeners.events.size() - 1));
        assertEquals(InputMode.CLOSED, smtp.session().inputMode());
    }

    @Test
    void idleTimeoutReplyIsProvidedForTheAdapter() {
        assertEquals("421 4.4.2 Idle timeout, closing connection\r\n",
                new String(SmtpReplies.IDLE_TIMEOUT.encode(), StandardCharsets.US_ASCII));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(SmtpOutput output) {
        return SmtpDialogue.text(output);
    }
}
