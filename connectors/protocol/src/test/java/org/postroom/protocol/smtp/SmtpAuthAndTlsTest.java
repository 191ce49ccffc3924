package org.postroom.protocol.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postroom.connector.api.AuthenticatedUser;
import org.postroom.protocol.AuthFailurePolicy;

/** AUTH PLAIN and LOGIN (RFC 4954), where AUTH is offered, STARTTLS (RFC 3207) and what it resets. */
class SmtpAuthAndTlsTest {

    private static final String PLAIN_ALICE = b64("\0alice\0secret");

    private SmtpDialogue smtp = SmtpDialogue.with(SmtpDialogue.config().implicitTls(true).build());

    @AfterEach
    void listenerContractKept() {
        smtp.closeAndCheckContract();
    }

    @Test
    void ehloOverTlsAdvertisesAuthButNotStartTls() {
        String ehlo = smtp.send("EHLO client.example\r\n");
        assertTrue(ehlo.endsWith("250-ENHANCEDSTATUSCODES\r\n250-DSN\r\n250 AUTH PLAIN LOGIN\r\n"), ehlo);
        assertFalse(ehlo.contains("STARTTLS"));
    }

    @Test
    void ehloInPlaintextAdvertisesStartTlsAndNotAuth() {
        smtp = SmtpDialogue.with(SmtpDialogue.config().startTlsAvailable(true).build());
        String ehlo = smtp.send("EHLO client.example\r\n");
        assertTrue(ehlo.endsWith("250-ENHANCEDSTATUSCODES\r\n250-DSN\r\n250 STARTTLS\r\n"), ehlo);
    }

    @Test
    void ehloFromLoopbackAdvertisesAuthOnlyWhenPlaintextAuthIsAllowedThere() {
        smtp = SmtpDialogue.with(SmtpDialogue.config().build(), SmtpDialogue.LOOPBACK);
        assertFalse(smtp.send("EHLO localhost\r\n").contains("AUTH"));
        smtp = SmtpDialogue.with(SmtpDialogue.config().plaintextAuthOnLoopback(true).build(), SmtpDialogue.LOOPBACK);
        assertTrue(smtp.send("EHLO localhost\r\n").contains("250 AUTH PLAIN LOGIN\r\n"));
        smtp = SmtpDialogue.with(SmtpDialogue.config().plaintextAuthOnLoopback(true).build());
        assertFalse(smtp.send("EHLO client.example\r\n").contains("AUTH"), "not from a remote address");
    }

    @Test
    void authPlainWithInitialResponseAuthenticatesTheSession() {
        smtp.ehlo();
        assertEquals("235 2.7.0 Authentication successful\r\n", smtp.send("AUTH PLAIN " + PLAIN_ALICE + "\r\n"));
        assertEquals(Optional.of(new AuthenticatedUser("alice")), smtp.session().context().authenticatedUser());
        smtp.send("MAIL FROM:<alice@example.org>\r\n");
        assertEquals("create Q1 ESMTPSA", smtp.listeners.events.get(0));
    }

    @Test
    void authPlainWithAnEmptyChallenge() {
        smtp.ehlo();
        assertEquals("334 \r\n", smtp.send("AUTH PLAIN\r\n"));
        assertEquals(InputMode.AUTH_RESPONSE, smtp.session().inputMode());
        assertEquals("235 2.7.0 Authentication successful\r\n", smtp.send(PLAIN_ALICE + "\r\n"));
        assertEquals(InputMode.COMMAND, smtp.session().inputMode());
    }

    @Test
    void authLoginAsksForUserAndPassword() {
        smtp.ehlo();
        assertEquals("334 VXNlcm5hbWU6\r\n", smtp.send("auth login\r\n"));
        assertEquals("334 UGFzc3dvcmQ6\r\n", smtp.send(b64("alice") + "\r\n"));
        assertEquals("235 2.7.0 Authentication successful\r\n", smtp.send(b64("secret") + "\r\n"));
    }

    @Test
    void authLoginWithTheUserNameAsInitialResponse() {
        smtp.ehlo();
        assertEquals("334 UGFzc3dvcmQ6\r\n", smtp.send("AUTH LOGIN " + b64("alice") + "\r\n"));
        assertEquals("235 2.7.0 Authentication successful\r\n", smtp.send(b64("secret") + "\r\n"));
    }

    @Test
    void wrongPasswordIs535AndTheClientMayTryAgain() {
        smtp.ehlo();
        assertEquals("535 5.7.8 Authentication credentials invalid\r\n",
                smtp.send("AUTH PLAIN " + b64("\0alice\0wrong") + "\r\n"));
        assertFalse(smtp.session().context().isAuthenticated());
        assertEquals("235 2.7.0 Authentication successful\r\n", smtp.send("AUTH PLAIN " + PLAIN_ALICE + "\r\n"));
    }

    /** Records what the failure policy was told, and delays each refusal by 700 ms times the failure count. */
    private static final class RecordingPolicy implements AuthFailurePolicy {
        final List<String> calls = new ArrayList<>();

        @Override
        public Duration failed(InetAddress client) {
            calls.add("failed " + client.getHostAddress());
            return Duration.ofMillis(700L * calls.stream().filter(c -> c.startsWith("failed")).count());
        }

        @Override
        public void succeeded(InetAddress client) {
            calls.add("succeeded " + client.getHostAddress());
        }
    }

    @Test
    void refusedAuthIsDelayedByTheSharedFailurePolicyLikePop3AndImap() {
        // issue 14: SMTP AUTH was not throttled at all, so passwords could be guessed at full speed over port 587
        RecordingPolicy policy = new RecordingPolicy();
        smtp = new SmtpDialogue(SmtpDialogue.config().implicitTls(true).build(), SmtpDialogue.REMOTE, true, policy);
        smtp.ehlo();
        assertEquals("535 5.7.8 Authentication credentials invalid\r\n",
                smtp.send("AUTH PLAIN " + b64("\0alice\0wrong") + "\r\n"));
        assertEquals(Duration.ofMillis(700), smtp.lastOutput().delay());
        assertEquals("334 VXNlcm5hbWU6\r\n", smtp.send("AUTH LOGIN\r\n"));
        assertEquals("334 UGFzc3dvcmQ6\r\n", smtp.send(b64("alice") + "\r\n"));
        assertEquals("535 5.7.8 Authentication credentials invalid\r\n", smtp.send(b64("wrong") + "\r\n"));
        assertEquals(Duration.ofMillis(1400), smtp.lastOutput().delay());
        assertEquals("235 2.7.0 Authentication successful\r\n", smtp.send("AUTH PLAIN " + PLAIN_ALICE + "\r\n"));
        assertEquals(Duration.ZERO, smtp.lastOutput().delay());
        assertEquals(List.of("failed 192.0.2.7", "failed 192.0.2.7", "succeeded 192.0.2.7"), policy.calls);
    }

    @Test
    void theThirdRefusedAuthInASessionClosesTheConnectionWith421() {
        smtp.ehlo();
        String wrong = "AUTH PLAIN " + b64("\0alice\0wrong") + "\r\n";
        smtp.send(wrong);
        smtp.send(wrong);
        assertFalse(smtp.lastOutput().close());
        assertEquals("535 5.7.8 Authentication credentials invalid\r\n"
                + "421 4.7.0 mx.example.org Too many failed authentication attempts, closing connection\r\n",
                smtp.send(wrong + "AUTH PLAIN " + PLAIN_ALICE + "\r\n"));
        assertTrue(smtp.lastOutput().close());
        assertFalse(smtp.session().context().isAuthenticated(), "nothing pipelined after the close runs");
        assertEquals("", smtp.send("NOOP\r\n"));
    }

    @Test
    void theAuthFailureLimitIsSettable() {
        smtp = SmtpDialogue.with(SmtpDialogue.config().implicitTls(true).maxAuthFailures(5).build());
        smtp.ehlo();
        String wrong = "AUTH PLAIN " + b64("\0alice\0wrong") + "\r\n";
        for (int i = 0; i < 4; i++) {
            smtp.send(wrong);
            assertFalse(smtp.lastOutput().close());
        }
        assertTrue(smtp.send(wrong).contains("421 4.7.0"));
        assertTrue(smtp.lastOutput().close());
    }

    @Test
    void unavailableDirectoryIs454() {
        smtp.ehlo();
        assertEquals("454 4.7.0 Temporary authentication failure\r\n",
                smtp.send("AUTH PLAIN " + b64("\0ldap-down\0x") + "\r\n"));
    }

    @Test
    void authorizationIdentityOtherThanTheUserIs535() {
        smtp.ehlo();
        assertEquals("535 5.7.8 Authentication credentials invalid\r\n",
                smtp.send("AUTH PLAIN " + b64("bob\0alice\0secret") + "\r\n"));
        assertEquals("235 2.7.0 Authentication successful\r\n",
                smtp.send("AUTH PLAIN " + b64("alice\0alice\0secret") + "\r\n"));
    }

    @Test
    void clientCancelsWithAStar() {
        smtp.ehlo();
        smtp.send("AUTH LOGIN\r\n");
        assertEquals("501 5.0.0 Authentication cancelled\r\n", smtp.send("*\r\n"));
        assertEquals("250 2.0.0 Ok\r\n", smtp.send("NOOP\r\n"));
    }

    @Test
    void undecodableResponsesAre501() {
        smtp.ehlo();
        assertEquals("501 5.5.2 Cannot decode response\r\n", smtp.send("AUTH PLAIN not*base64\r\n"));
        assertEquals("501 5.5.2 Cannot decode response\r\n",
                smtp.send("AUTH PLAIN " + b64("no-nul-separators") + "\r\n"));
        assertEquals("501 5.5.2 Cannot decode response\r\n",
                smtp.send("AUTH PLAIN " + Base64.getEncoder().encodeToString(new byte[]{0, 'a', 0, (byte) 0xff})
                        + "\r\n"));
        assertEquals("501 5.5.4 Syntax: AUTH mechanism [initial-response]\r\n", smtp.send("AUTH\r\n"));
    }

    @Test
    void unknownMechanismIs504() {
        smtp.ehlo();
        assertEquals("504 5.5.4 Unrecognized authentication type\r\n", smtp.send("AUTH CRAM-MD5\r\n"));
    }

    @Test
    void authTwiceOrInsideATransactionOrBeforeEhloIs503() {
        assertEquals("503 5.5.1 Send HELO/EHLO first\r\n", smtp.send("AUTH PLAIN " + PLAIN_ALICE + "\r\n"));
        smtp.ehlo();
        smtp.send("MAIL FROM:<bob@client.example>\r\n");
        assertEquals("503 5.5.1 Not permitted during a mail transaction\r\n",
                smtp.send("AUTH PLAIN " + PLAIN_ALICE + "\r\n"));
        smtp.send("RSET\r\nAUTH PLAIN " + PLAIN_ALICE + "\r\n");
        assertEquals("503 5.5.1 Already authenticated\r\n", smtp.send("AUTH PLAIN " + PLAIN_ALICE + "\r\n"));
    }

    @Test
    void authInPlaintextFromARemoteClientIs538() {
        smtp = SmtpDialogue.with(SmtpDialogue.config().startTlsAvailable(true).plaintextAuthOnLoopback(true).build());
        smtp.ehlo();
        assertEquals("538 5.7.11 Encryption required for requested authentication mechanism\r\n",
                smtp.send("AUTH PLAIN " + PLAIN_ALICE + "\r\n"));
        assertFalse(smtp.session().context().isAuthenticated());
    }

    @Test
    void authInPlaintextFromLoopbackWorksOnlyWhenAllowed() {
        smtp = SmtpDialogue.with(SmtpDialogue.config().build(), SmtpDialogue.LOOPBACK);
        smtp.ehlo();
        assertEquals("538 5.7.11 Encryption required for requested authentication mechanism\r\n",
                smtp.send("AUTH PLAIN " + PLAIN_ALICE + "\r\n"));
        smtp = SmtpDialogue.with(SmtpDialogue.config().plaintextAuthOnLoopback(true).build(), SmtpDialogue.LOOPBACK);
        smtp.ehlo();
        assertEquals("235 2.7.0 Authentication successful\r\n", smtp.send("AUTH PLAIN " + PLAIN_ALICE + "\r\n"));
        smtp.send("MAIL FROM:<alice@example.org>\r\n");
        assertEquals("create Q1 ESMTPA", smtp.listeners.events.get(0));
    }

    @Test
    void authWithoutAnAuthenticatorIsNotImplemented() {
        smtp = SmtpDialogue.mx();
        smtp.ehlo();
        assertEquals("502 5.5.1 Command not implemented\r\n", smtp.send("AUTH PLAIN " + PLAIN_ALICE + "\r\n"));
    }

    @Test
    void submissionAcceptsMailOnlyAfterAuth() {
        smtp = SmtpDialogue.with(SmtpDialogue.config().authRequired(true).implicitTls(true).build());
        smtp.ehlo();
        assertEquals("530 5.7.0 Authentication required\r\n", smtp.send("MAIL FROM:<alice@example.org>\r\n"));
        smtp.send("AUTH PLAIN " + PLAIN_ALICE + "\r\n");
        assertEquals("250 2.1.0 Ok\r\n", smtp.send("MAIL FROM:<alice@example.org>\r\n"));
    }

    @Test
    void startTlsResetsTheSessionAndThenAuthIsOffered() {
        smtp = SmtpDialogue.with(SmtpDialogue.config().startTlsAvailable(true).build());
        smtp.ehlo();
        assertEquals("220 2.0.0 Ready to start TLS\r\n", smtp.send("STARTTLS\r\n"));
        assertTrue(smtp.lastOutput().startTls());
        assertEquals(InputMode.AWAITING_TLS, smtp.session().inputMode());
        smtp.tlsStarted();
        assertEquals(SmtpState.CONNECTED, smtp.session().state());
        assertEquals(Optional.empty(), smtp.session().context().heloName());
        assertEquals("503 5.5.1 Send HELO/EHLO first\r\n", smtp.send("MAIL FROM:<bob@client.example>\r\n"));
        String ehlo = smtp.send("EHLO client.example\r\n");
        assertFalse(ehlo.contains("STARTTLS"), ehlo);
        assertTrue(ehlo.endsWith("250 AUTH PLAIN LOGIN\r\n"), ehlo);
        assertEquals("503 5.5.1 TLS already active\r\n", smtp.send("STARTTLS\r\n"));
        assertEquals("235 2.7.0 Authentication successful\r\n", smtp.send("AUTH PLAIN " + PLAIN_ALICE + "\r\n"));
        smtp.send("MAIL FROM:<alice@example.org>\r\n");
        assertEquals("create Q1 ESMTPSA", smtp.listeners.events.get(0));
    }

    @Test
    void startTlsWhereItIsNotAvailableOrWithAnArgument() {
        smtp = SmtpDialogue.mx();
        smtp.ehlo();
        assertEquals("502 5.5.1 Command not implemented\r\n", smtp.send("STARTTLS\r\n"));
        smtp = SmtpDialogue.with(SmtpDialogue.config().startTlsAvailable(true).build());
        assertEquals("503 5.5.1 Send HELO/EHLO first\r\n", smtp.send("STARTTLS\r\n"));
        smtp.ehlo();
        assertEquals("501 5.5.4 Syntax: STARTTLS\r\n", smtp.send("STARTTLS now\r\n"));
        smtp.send("MAIL FROM:<bob@client.example>\r\n");
        assertEquals("503 5.5.1 Not permitted during a mail transaction\r\n", smtp.send("STARTTLS\r\n"));
    }

    @Test
    void tlsStartedWithoutStartTlsIsAProgrammingError() {
        assertThrows(IllegalStateException.class, smtp::tlsStarted);
    }

    @Test
    void overlongLineDuringAuthEndsTheExchange() {
        smtp.ehlo();
        smtp.send("AUTH PLAIN\r\n");
        assertEquals("500 5.5.2 Line too long\r\n", smtp.send("A".repeat(1200) + "\r\n"));
        assertEquals(InputMode.COMMAND, smtp.session().inputMode());
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
