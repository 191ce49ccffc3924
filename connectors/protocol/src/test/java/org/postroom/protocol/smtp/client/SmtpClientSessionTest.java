package org.postroom.protocol.smtp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.postroom.connector.api.BodyType;
import org.postroom.connector.api.outbound.OutboundRecipient;
import org.postroom.connector.api.outbound.OutboundTransaction;
import org.postroom.connector.api.outbound.RecipientOutcome;
import org.postroom.connector.api.outbound.RecipientOutcome.Status;
import org.postroom.connector.api.outbound.RelayLogin;
import org.postroom.connector.api.outbound.TlsPolicy;

/** The client dialogue against scripted replies, byte for byte. */
class SmtpClientSessionTest {

    private static final String EHLO = "EHLO out.postroom.test\r\n";
    private static final String MESSAGE = "Subject: t\r\n\r\nhello\r\n";

    private static String ehloReply(String... keywords) {
        StringBuilder b = new StringBuilder();
        String[] lines = new String[keywords.length + 1];
        lines[0] = "mx1.remote.test";
        System.arraycopy(keywords, 0, lines, 1, keywords.length);
        for (int i = 0; i < lines.length; i++) {
            b.append("250").append(i == lines.length - 1 ? ' ' : '-').append(lines[i]).append("\r\n");
        }
        return b.toString();
    }

    private static void assertOutcome(RecipientOutcome o, String address, Status status, String reply) {
        assertEquals(address, o.recipient());
        assertEquals(status, o.status(), o.reply());
        assertEquals(reply, o.reply());
        assertEquals(Optional.of("mx1.remote.test[192.0.2.1]:25"), o.remoteHost());
    }

    @Test
    void pipelinedTransactionWritesMailRcptAndDataInOneWriteAndSettlesEachRecipient() {
        ClientDialogue d = new ClientDialogue();
        d.session.begin(ClientDialogue.transaction("bob@remote.test", "carol@remote.test"));
        assertEquals(EHLO, d.server("220 mx1.remote.test ESMTP\r\n"));
        assertEquals(Duration.ofMinutes(5), d.timer);
        assertEquals("MAIL FROM:<alice@postroom.test> SIZE=" + MESSAGE.length() + "\r\n"
                + "RCPT TO:<bob@remote.test>\r\nRCPT TO:<carol@remote.test>\r\nDATA\r\n",
                d.server(ehloReply("PIPELINING", "SIZE 10240000", "8BITMIME", "ENHANCEDSTATUSCODES")));
        assertEquals("<content>", d.server("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n"
                + "550 5.1.1 <carol@remote.test>: Recipient address rejected\r\n354 End data with <CR><LF>.<CR><LF>\r\n"));
        d.session.contentSent();
        assertEquals(Duration.ofMinutes(10), d.timer);
        assertEquals("", d.server("250 2.0.0 Ok: queued as 4Xy\r\n"));
        List<RecipientOutcome> r = d.lastOutcome().recipients();
        assertOutcome(r.get(0), "bob@remote.test", Status.DELIVERED, "250 2.0.0 Ok: queued as 4Xy");
        assertOutcome(r.get(1), "carol@remote.test", Status.FAILED,
                "550 5.1.1 <carol@remote.test>: Recipient address rejected");
        assertFalse(d.lastOutcome().tls());
        assertTrue(d.session.idle());
        assertEquals(null, d.timer);
    }

    @Test
    void withoutPipeliningEachCommandWaitsForItsReplyAndRcpt4xxDefersWhile5xxFails() {
        ClientDialogue d = new ClientDialogue();
        d.session.begin(ClientDialogue.transaction("a@remote.test", "b@remote.test", "c@remote.test"));
        d.server("220 mx1.remote.test ESMTP\r\n");
        assertEquals("MAIL FROM:<alice@postroom.test>\r\n", d.server(ehloReply("8BITMIME")));
        assertEquals("RCPT TO:<a@remote.test>\r\n", d.server("250 2.1.0 Ok\r\n"));
        assertEquals("RCPT TO:<b@remote.test>\r\n", d.server("450 4.2.0 <a@remote.test>: greylisted\r\n"));
        assertEquals("RCPT TO:<c@remote.test>\r\n", d.server("550 5.1.1 no such user\r\n"));
        assertEquals("DATA\r\n", d.server("250 2.1.5 Ok\r\n"));
        assertEquals(Duration.ofMinutes(2), d.timer);
        assertEquals("<content>", d.server("354 go ahead\r\n"));
        d.session.contentSent();
        d.server("250 2.0.0 queued\r\n");
        List<RecipientOutcome> r = d.lastOutcome().recipients();
        assertOutcome(r.get(0), "a@remote.test", Status.DEFERRED, "450 4.2.0 <a@remote.test>: greylisted");
        assertOutcome(r.get(1), "b@remote.test", Status.FAILED, "550 5.1.1 no such user");
        assertOutcome(r.get(2), "c@remote.test", Status.DELIVERED, "250 2.0.0 queued");
    }

    @Test
    void withoutPipeliningNoRecipientAcceptedSendsNoData() {
        ClientDialogue d = new ClientDialogue();
        d.session.begin(ClientDialogue.transaction("a@remote.test"));
        d.server("220 mx1.remote.test ESMTP\r\n");
        d.server(ehloReply());
        assertEquals("RCPT TO:<a@remote.test>\r\n", d.server("250 Ok\r\n"));
        assertEquals("", d.server("550 5.1.1 unknown\r\n"));
        assertEquals(Status.FAILED, d.lastOutcome().recipients().get(0).status());
        assertTrue(d.session.idle());
    }

    @Test
    void pipelinedDataAfterNoAcceptedRecipientIsEndedEmpty() {
        ClientDialogue d = new ClientDialogue();
        d.session.begin(ClientDialogue.transaction("a@remote.test"));
        d.server("220 mx1.remote.test ESMTP\r\n");
        d.server(ehloReply("PIPELINING"));
        assertEquals(".\r\n", d.server("250 Ok\r\n550 5.1.1 unknown\r\n354 go ahead\r\n"));
        d.server("554 5.5.1 Error: no valid recipients\r\n");
        assertOutcome(d.lastOutcome().recipients().get(0), "a@remote.test", Status.FAILED, "550 5.1.1 unknown");
    }

    @Test
    void mailFromRefusedSettlesEveryRecipient() {
        ClientDialogue d = new ClientDialogue();
        d.session.begin(ClientDialogue.transaction("a@remote.test", "b@remote.test"));
        d.server("220 mx1.remote.test ESMTP\r\n");
        d.server(ehloReply("PIPELINING"));
        d.server("451 4.3.0 try later\r\n503 5.5.1 need MAIL\r\n503 5.5.1 need MAIL\r\n503 5.5.1 need RCPT\r\n");
        List<RecipientOutcome> r = d.lastOutcome().recipients();
        assertOutcome(r.get(0), "a@remote.test", Status.DEFERRED, "451 4.3.0 try later");
        assertOutcome(r.get(1), "b@remote.test", Status.DEFERRED, "451 4.3.0 try later");
        assertTrue(d.session.idle());
    }

    @Test
    void ehloRefusedFallsBackToHeloWithoutExtensions() {
        ClientDialogue d = new ClientDialogue();
        d.session.begin(ClientDialogue.transaction("a@remote.test"));
        d.server("220 old.remote.test\r\n");
        assertEquals("HELO out.postroom.test\r\n", d.server("502 5.5.2 Error: command not recognized\r\n"));
        assertEquals("MAIL FROM:<alice@postroom.test>\r\n", d.server("250 old.remote.test\r\n"));
    }

    @Test
    void greeting421FailsTheSessionWithoutEhloSoTheNextHostIsTried() {
        ClientDialogue d = new ClientDialogue();
        d.session.begin(ClientDialogue.transaction("a@remote.test"));
        assertEquals("<close>", d.server("421 4.3.2 mx1.remote.test busy, try later\r\n"));
        assertEquals(1, d.failures.size());
        assertEquals("421 4.3.2 mx1.remote.test busy, try later", d.failures.get(0).reply().text());
        assertFalse(d.failures.get(0).retryInClear());
        assertTrue(d.outcomes.isEmpty());
    }

    @Test
    void greeting554IsAnsweredWithQuit() {
        ClientDialogue d = new ClientDialogue();
        d.session.begin(ClientDialogue.transaction("a@remote.test"));
        assertEquals("QUIT\r\n<close>", d.server("554 5.7.1 no service for you\r\n"));
        assertEquals(1, d.failures.size());
    }

    @Test
    void messageLargerThanTheHostsSizeFailsAtOnceWith534() {
        ClientDialogue d = new ClientDialogue();
        d.session.begin(ClientDialogue.transaction("a@remote.test"));
        d.server("220 mx1.remote.test ESMTP\r\n");
        assertEquals("", d.server(ehloReply("PIPELINING", "SIZE 10")));
        RecipientOutcome o = d.lastOutcome().recipients().get(0);
        assertEquals(Status.FAILED, o.status());
        assertTrue(o.reply().startsWith("552 5.3.4 message size " + MESSAGE.length() + " exceeds"), o.reply());
        assertTrue(d.session.idle());
    }

    @Test
    void sizeZeroMeansNoLimit() {
        ClientDialogue d = new ClientDialogue();
        d.session.begin(ClientDialogue.transaction("a@remote.test"));
        d.server("220 mx1.remote.test ESMTP\r\n");
        assertEquals("MAIL FROM:<alice@postroom.test> SIZE=" + MESSAGE.length() + "\r\n",
                d.server(ehloReply("SIZE 0")));
    }

    @Test
    void smtpUtf8MessageToAHostWithoutSmtpUtf8FailsWith567() {
        ClientDialogue d = new ClientDialogue();
        d.session.begin(ClientDialogue.transaction(ClientDialogue.content(MESSAGE), true, "jörg@remote.test"));
        d.server("220 mx1.remote.test ESMTP\r\n");
        assertEquals("", d.server(ehloReply("8BITMIME")));
        RecipientOutcome o = d.lastOutcome().recipients().get(0);
        assertEquals(Status.FAILED, o.status());
        assertTrue(o.reply().startsWith("553 5.6.7 "), o.reply());
    }

    @Test
    void smtpUtf8And8BitMimeAreDeclaredWhenOffered() {
        ClientDialogue d = new ClientDialogue();
        OutboundTransaction tx = new OutboundTransaction(List.of(ClientDialogue.HOST), TlsPolicy.OPPORTUNISTIC,
                Optional.empty(), "out.postroom.test", "jörg@postroom.test", List.of(OutboundRecipient.of(
                        "zoë@remote.test")),
                BodyType.EIGHT_BIT_MIME, true, Optional.empty(), Optional.empty(),
                ClientDialogue.content(MESSAGE));
        d.session.begin(tx);
        d.server("220 mx1.remote.test ESMTP\r\n");
        assertEquals("MAIL FROM:<jörg@postroom.test> BODY=8BITMIME SMTPUTF8\r\n",
                d.server(ehloReply("8BITMIME", "SMTPUTF8")));
    }

    @Test
    void dsnParametersArePassedOnOnlyWhenTheHostOffersDsn() {
        OutboundTransaction tx = new OutboundTransaction(List.of(ClientDialogue.HOST), TlsPolicy.OPPORTUNISTIC,
                Optional.empty(), "out.postroom.test", "alice@postroom.test",
                List.of(new OutboundRecipient("bob@remote.test", Optional.of("SUCCESS,FAILURE"),
                        Optional.of("rfc822;bob@remote.test"))),
                BodyType.SEVEN_BIT, false, Optional.of("HDRS"), Optional.of("QQ314159"),
                ClientDialogue.content(MESSAGE));
        ClientDialogue with = new ClientDialogue();
        with.session.begin(tx);
        with.server("220 mx1.remote.test ESMTP\r\n");
        assertEquals("MAIL FROM:<alice@postroom.test> RET=HDRS ENVID=QQ314159\r\n"
                + "RCPT TO:<bob@remote.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@remote.test\r\nDATA\r\n",
                with.server(ehloReply("PIPELINING", "DSN")));
        ClientDialogue without = new ClientDialogue();
        without.session.begin(tx);
        without.server("220 mx1.remote.test ESMTP\r\n");
        assertEquals("MAIL FROM:<alice@postroom.test>\r\nRCPT TO:<bob@remote.test>\r\nDATA\r\n",
                without.server(ehloReply("PIPELINING")));
    }

    @Test
    void nullReversePathIsSentAsEmptyBrackets() {
        OutboundTransaction tx = new OutboundTransaction(List.of(ClientDialogue.HOST), TlsPolicy.OPPORTUNISTIC,
                Optional.empty(), "out.postroom.test", "", List.of(OutboundRecipient.of("bob@remote.test")),
                BodyType.SEVEN_BIT, false, Optional.empty(), Optional.empty(), ClientDialogue.content(MESSAGE));
        ClientDialogue d = new ClientDialogue();
        d.session.begin(tx);
        d.server("220 mx1.remote.test ESMTP\r\n");
        assertEquals("MAIL FROM:<>\r\n", d.server(ehloReply()));
    }

    @Test
    void startTlsWhenOfferedThenEhloAgain() {
        ClientDialogue d = new ClientDialogue();
        d.session.begin(ClientDialogue.transaction("a@remote.test"));
        d.server("220 mx1.remote.test ESMTP\r\n");
        assertEquals("STARTTLS\r\n", d.server(ehloReply("PIPELINING", "STARTTLS")));
        assertEquals("<starttls>", d.server("220 2.0.0 Ready to start TLS\r\n"));
        d.session.tlsStarted();
        assertEquals(EHLO, d.take());
        assertEquals("MAIL FROM:<alice@postroom.test>\r\nRCPT TO:<a@remote.test>\r\nDATA\r\n",
                d.server(ehloReply("PIPELINING", "STARTTLS")));
        d.server("250 Ok\r\n250 Ok\r\n354 go\r\n");
        d.session.contentSent();
        d.server("250 2.0.0 Ok\r\n");
        assertTrue(d.lastOutcome().tls());
        assertTrue(d.session.tlsActive());
    }

    @Test
    void plaintextInjectedAfterTheStartTlsReplyIsNeverReadAsAReply() {
        ClientDialogue d = new ClientDialogue();
        d.session.begin(ClientDialogue.transaction("a@remote.test"));
        d.server("220 mx1.remote.test ESMTP\r\n");
        d.server(ehloReply("STARTTLS"));
        assertEquals("<starttls>", d.server("220 2.0.0 Ready\r\n250-mx1.remote.test\r\n250 PIPELINING\r\n"));
        d.session.tlsStarted();
        assertEquals(EHLO, d.take());
        assertEquals("MAIL FROM:<alice@postroom.test>\r\n", d.server(ehloReply()));
    }

    @Test
    void opportunisticHandshakeFailureAsksForTheSameHostInClear() {
        ClientDialogue d = new ClientDialogue();
        d.session.begin(ClientDialogue.transaction("a@remote.test"));
        d.server("220 mx1.remote.test ESMTP\r\n");
        d.server(ehloReply("STARTTLS"));
        d.server("220 Ready\r\n");
        d.session.tlsFailed("handshake_failure");
        assertEquals("<close>", d.take());
        assertTrue(d.failures.get(0).retryInClear());
        assertTrue(d.failures.get(0).reply().text().startsWith("451 4.7.5 "));
    }

    @Test
    void clearSessionNeverStartsTls() {
        ClientDialogue d = new ClientDialogue(TlsPolicy.OPPORTUNISTIC, Optional.empty(), true);
        d.session.begin(ClientDialogue.transaction("a@remote.test"));
        d.server("220 mx1.remote.test ESMTP\r\n");
        assertEquals("MAIL FROM:<alice@postroom.test>\r\n", d.server(ehloReply("STARTTLS")));
    }

    @Test
    void opportunisticStartTlsRefusedGoesOnInClear() {
        ClientDialogue d = new ClientDialogue();
        d.session.begin(ClientDialogue.transaction("a@remote.test"));
        d.server("220 mx1.remote.test ESMTP\r\n");
        d.server(ehloReply("STARTTLS"));
        assertEquals("MAIL FROM:<alice@postroom.test>\r\n", d.server("454 4.7.0 TLS not available\r\n"));
    }

    @Test
    void requiredTlsWithoutStartTlsFailsTheHostAndNeverGoesClear() {
        ClientDialogue d = new ClientDialogue(new TlsPolicy(TlsPolicy.Mode.REQUIRED, List.of()), Optional.empty(),
                false);
        d.session.begin(ClientDialogue.transaction("a@remote.test"));
        d.server("220 mx1.remote.test ESMTP\r\n");
        assertEquals("<close>", d.server(ehloReply("PIPELINING")));
        assertFalse(d.failures.get(0).retryInClear());
        assertEquals("451 4.7.4 TLS is required, but was not offered by mx1.remote.test[192.0.2.1]:25",
                d.failures.get(0).reply().text());
    }

    @Test
    void verifiedTlsHandshakeFailureNeverRetriesInClear() {
        ClientDialogue d = new ClientDialogue(new TlsPolicy(TlsPolicy.Mode.VERIFIED, List.of("mx1.remote.test")),
                Optional.empty(), false);
        d.session.begin(ClientDialogue.transaction("a@remote.test"));
        d.server("220 mx1.remote.test ESMTP\r\n");
        d.server(ehloReply("STARTTLS"));
        d.server("220 Ready\r\n");
        d.session.tlsFailed("certificate name mismatch");
        assertFalse(d.failures.get(0).retryInClear());
    }

    @Test
    void verifiedTlsWithStartTlsRefusedFailsTheHost() {
        ClientDialogue d = new ClientDialogue(new TlsPolicy(TlsPolicy.Mode.VERIFIED, List.of()), Optional.empty(),
                false);
        d.session.begin(ClientDialogue.transaction("a@remote.test"));
        d.server("220 mx1.remote.test ESMTP\r\n");
        d.server(ehloReply("STARTTLS"));
        assertEquals("<close>", d.server("454 4.7.0 TLS not available\r\n"));
        assertTrue(d.failures.get(0).reply().text().startsWith("451 4.7.4 TLS is required"));
    }

    private static ClientDialogue afterTls(Optional<RelayLogin> login, String... keywords) {
        ClientDialogue d = new ClientDialogue(new TlsPolicy(TlsPolicy.Mode.REQUIRED, List.of()), login, false);
        d.session.begin(ClientDialogue.transaction("a@remote.test"));
        d.server("220 relay.remote.test ESMTP\r\n");
        d.server(ehloReply("STARTTLS"));
        d.server("220 Ready\r\n");
        d.session.tlsStarted();
        d.take();
        return d;
    }

    @Test
    void authPlainOverTlsBeforeMail() {
        ClientDialogue d = afterTls(Optional.of(new RelayLogin("bob", "secret")));
        assertEquals("AUTH PLAIN AGJvYgBzZWNyZXQ=\r\n", d.server(ehloReply("AUTH LOGIN PLAIN")));
        assertEquals("MAIL FROM:<alice@postroom.test>\r\n", d.server("235 2.7.0 Authentication successful\r\n"));
    }

    @Test
    void authLoginWhenPlainIsNotOffered() {
        ClientDialogue d = afterTls(Optional.of(new RelayLogin("bob", "secret")));
        assertEquals("AUTH LOGIN\r\n", d.server(ehloReply("AUTH=LOGIN")));
        assertEquals("Ym9i\r\n", d.server("334 VXNlcm5hbWU6\r\n"));
        assertEquals("c2VjcmV0\r\n", d.server("334 UGFzc3dvcmQ6\r\n"));
        assertEquals("MAIL FROM:<alice@postroom.test>\r\n", d.server("235 2.7.0 ok\r\n"));
    }

    @Test
    void authRefusedFailsTheHost() {
        ClientDialogue d = afterTls(Optional.of(new RelayLogin("bob", "wrong")));
        d.server(ehloReply("AUTH PLAIN"));
        assertEquals("<close>", d.server("535 5.7.8 Error: authentication failed\r\n"));
        assertEquals("535 5.7.8 Error: authentication failed", d.failures.get(0).reply().text());
    }

    @Test
    void noAuthWithoutTls() {
        ClientDialogue d = new ClientDialogue(TlsPolicy.OPPORTUNISTIC, Optional.of(new RelayLogin("bob", "secret")),
                false);
        d.session.begin(ClientDialogue.transaction("a@remote.test"));
        d.server("220 relay.remote.test ESMTP\r\n");
        assertEquals("<close>", d.server(ehloReply("AUTH PLAIN")));
        assertTrue(d.failures.get(0).reply().text().startsWith("451 4.7.0 no AUTH"));
    }

    @Test
    void rsetBeforeReusingTheConnectionForTheNextTransaction() {
        ClientDialogue d = new ClientDialogue();
        d.session.begin(ClientDialogue.transaction("a@remote.test"));
        d.server("220 mx1.remote.test ESMTP\r\n");
        d.server(ehloReply("PIPELINING"));
        d.server("250 Ok\r\n250 Ok\r\n354 go\r\n");
        d.session.contentSent();
        d.server("250 2.0.0 Ok: queued as A\r\n");
        d.session.begin(ClientDialogue.transaction("b@remote.test"));
        assertEquals("RSET\r\n", d.take());
        assertEquals("MAIL FROM:<alice@postroom.test>\r\nRCPT TO:<b@remote.test>\r\nDATA\r\n",
                d.server("250 2.0.0 Ok\r\n"));
        d.server("250 Ok\r\n250 Ok\r\n354 go\r\n");
        d.session.contentSent();
        d.server("250 2.0.0 Ok: queued as B\r\n");
        assertEquals("250 2.0.0 Ok: queued as B", d.lastOutcome().recipients().get(0).reply());
        assertEquals(2, d.session.transactions());
    }

    @Test
    void failedRsetOnAReusedConnectionHandsTheTransactionBack() {
        ClientDialogue d = new ClientDialogue();
        d.session.begin(ClientDialogue.transaction("a@remote.test"));
        d.server("220 mx1.remote.test ESMTP\r\n");
        d.server(ehloReply());
        d.server("250 Ok\r\n");
        d.server("250 Ok\r\n");
        d.server("354 go\r\n");
        d.session.contentSent();
        d.server("250 Ok\r\n");
        d.session.begin(ClientDialogue.transaction("b@remote.test"));
        d.take();
        d.session.connectionClosed();
        assertEquals(1, d.failures.size());
        assertTrue(d.failures.get(0).reply().text().contains("lost connection"));
    }

    @Test
    void multilineRepliesAreJoinedLineByLine() {
        ClientDialogue d = new ClientDialogue();
        d.session.begin(ClientDialogue.transaction("a@remote.test"));
        d.server("220 mx1.remote.test ESMTP\r\n");
        d.server(ehloReply("PIPELINING"));
        d.server("250 Ok\r\n550-5.1.1 The email account that you tried to reach does not exist.\r\n"
                + "550 5.1.1 Please check the address.\r\n554 no valid recipients\r\n");
        assertEquals("550-5.1.1 The email account that you tried to reach does not exist. 550 5.1.1 Please check"
                + " the address.", d.lastOutcome().recipients().get(0).reply());
    }

    @Test
    void repliesSplitAcrossReadsAreReassembled() {
        ClientDialogue d = new ClientDialogue();
        d.session.begin(ClientDialogue.transaction("a@remote.test"));
        assertEquals("", d.server("220 mx1.remote"));
        assertEquals(EHLO, d.server(".test ESMTP\r\n"));
        assertEquals("", d.server("250-mx1.remote.test\r\n250-PIPEL"));
        assertTrue(d.server("INING\r\n250 8BITMIME\r\n").startsWith("MAIL FROM"));
    }

    @Test
    void timeoutWaitingForRcptDefersTheUnsettledAndCloses() {
        ClientDialogue d = new ClientDialogue();
        d.session.begin(ClientDialogue.transaction("a@remote.test", "b@remote.test"));
        d.server("220 mx1.remote.test ESMTP\r\n");
        d.server(ehloReply());
        d.server("250 Ok\r\n");
        d.server("550 5.1.1 unknown\r\n");
        assertEquals(Duration.ofMinutes(5), d.timer);
        d.session.timeout();
        assertEquals("<close>", d.take());
        List<RecipientOutcome> r = d.lastOutcome().recipients();
        assertEquals(Status.FAILED, r.get(0).status());
        assertEquals(Status.DEFERRED, r.get(1).status());
        assertEquals("451 4.4.2 conversation with mx1.remote.test[192.0.2.1]:25 timed out while waiting for the"
                + " reply to RCPT TO", r.get(1).reply());
        assertTrue(d.session.closed());
    }

    @Test
    void connectionLostAfterTheFinalDotDefers() {
        ClientDialogue d = new ClientDialogue();
        d.session.begin(ClientDialogue.transaction("a@remote.test"));
        d.server("220 mx1.remote.test ESMTP\r\n");
        d.server(ehloReply("PIPELINING"));
        d.server("250 Ok\r\n250 Ok\r\n354 go\r\n");
        d.session.contentSent();
        d.session.connectionClosed();
        RecipientOutcome o = d.lastOutcome().recipients().get(0);
        assertEquals(Status.DEFERRED, o.status());
        assertEquals("451 4.4.2 lost connection with mx1.remote.test[192.0.2.1]:25 while waiting for the reply to"
                + " the end of data", o.reply());
    }

    @Test
    void unreadableContentClosesWithoutTheFinalDotAndDefers() {
        ClientDialogue d = new ClientDialogue();
        d.session.begin(ClientDialogue.transaction("a@remote.test"));
        d.server("220 mx1.remote.test ESMTP\r\n");
        d.server(ehloReply("PIPELINING"));
        d.server("250 Ok\r\n250 Ok\r\n354 go\r\n");
        d.session.contentFailed("disk gone");
        assertEquals("<close>", d.take());
        assertEquals("451 4.3.0 cannot read the message: disk gone", d.lastOutcome().recipients().get(0).reply());
    }

    @Test
    void a421ToRcptDefersTheRestAndClosesTheConnection() {
        ClientDialogue d = new ClientDialogue();
        d.session.begin(ClientDialogue.transaction("a@remote.test", "b@remote.test"));
        d.server("220 mx1.remote.test ESMTP\r\n");
        d.server(ehloReply("PIPELINING"));
        assertEquals("<close>", d.server("250 Ok\r\n421 4.4.2 shutting down\r\n"));
        List<RecipientOutcome> r = d.lastOutcome().recipients();
        assertEquals(Status.DEFERRED, r.get(0).status());
        assertEquals(Status.DEFERRED, r.get(1).status());
        assertEquals("421 4.4.2 shutting down", r.get(1).reply());
        assertTrue(d.session.closed());
    }

    @Test
    void malformedReplyFailsTheSession() {
        ClientDialogue d = new ClientDialogue();
        d.session.begin(ClientDialogue.transaction("a@remote.test"));
        assertEquals("<close>", d.server("HTTP/1.1 400 Bad Request\r\n"));
        assertTrue(d.failures.get(0).reply().text().startsWith("451 4.5.0 malformed reply"));
    }

    @Test
    void crlfInARecipientIsNeverWritten() {
        ClientDialogue d = new ClientDialogue();
        d.session.begin(ClientDialogue.transaction("a@remote.test\r\nRCPT TO:<evil@elsewhere.test>",
                "b@remote.test"));
        d.server("220 mx1.remote.test ESMTP\r\n");
        assertEquals("MAIL FROM:<alice@postroom.test>\r\nRCPT TO:<b@remote.test>\r\nDATA\r\n",
                d.server(ehloReply("PIPELINING")));
        d.server("250 Ok\r\n250 Ok\r\n354 go\r\n");
        d.session.contentSent();
        d.server("250 Ok\r\n");
        assertEquals(Status.FAILED, d.lastOutcome().recipients().get(0).status());
        assertEquals(Status.DELIVERED, d.lastOutcome().recipients().get(1).status());
    }

    @Test
    void crlfInADsnParameterIsNeverWritten() {
        OutboundTransaction tx = new OutboundTransaction(List.of(ClientDialogue.HOST), TlsPolicy.OPPORTUNISTIC,
                Optional.empty(), "out.postroom.test", "alice@postroom.test",
                List.of(new OutboundRecipient("bob@remote.test", Optional.of("NEVER\r\nRSET"), Optional.empty())),
                BodyType.SEVEN_BIT, false, Optional.empty(), Optional.of("x\r\nQUIT"),
                ClientDialogue.content(MESSAGE));
        ClientDialogue d = new ClientDialogue();
        d.session.begin(tx);
        d.server("220 mx1.remote.test ESMTP\r\n");
        assertEquals("MAIL FROM:<alice@postroom.test>\r\nRCPT TO:<bob@remote.test>\r\nDATA\r\n",
                d.server(ehloReply("PIPELINING", "DSN")));
    }

    @Test
    void idleSessionQuitsAndCloses() {
        ClientDialogue d = new ClientDialogue();
        d.session.begin(ClientDialogue.transaction("a@remote.test"));
        d.server("220 mx1.remote.test ESMTP\r\n");
        d.server(ehloReply("PIPELINING", "SIZE 1"));
        d.session.quit();
        assertEquals("QUIT\r\n", d.take());
        assertEquals("<close>", d.server("221 2.0.0 Bye\r\n"));
    }

    @Test
    void idleSessionClosedByTheServersOwn421() {
        ClientDialogue d = new ClientDialogue();
        d.session.begin(ClientDialogue.transaction("a@remote.test"));
        d.server("220 mx1.remote.test ESMTP\r\n");
        d.server(ehloReply("SIZE 1"));
        assertEquals("<close>", d.server("421 4.4.2 idle timeout\r\n"));
        assertTrue(d.session.closed());
    }
}
