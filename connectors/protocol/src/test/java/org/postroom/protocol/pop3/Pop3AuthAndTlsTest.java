package org.postroom.protocol.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postroom.protocol.AuthFailurePolicy;

/** AUTHORIZATION: CAPA, USER/PASS, AUTH PLAIN, IN-USE, plaintext rules and STLS. */
class Pop3AuthAndTlsTest {

    private static String plain(String authzid, String user, String password) {
        return Base64.getEncoder()
                .encodeToString((authzid + "\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void capaBeforeAuthOffersUserSaslAndStlsWhenPlaintextIsAllowed() {
        Pop3Dialogue d = new Pop3Dialogue(new Pop3Config(Pop3Dialogue.HOST, true, true, false),
                Pop3Dialogue.LOOPBACK);
        assertEquals("+OK Capability list follows\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\n"
                + "USER\r\nSASL PLAIN\r\nSTLS\r\nIMPLEMENTATION Postroom\r\n.\r\n", d.send("CAPA\r\n"));
    }

    @Test
    void capaWithoutTlsFromRemoteOffersStlsButNoPlaintextLogin() {
        assertEquals("+OK Capability list follows\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\n"
                + "STLS\r\nIMPLEMENTATION Postroom\r\n.\r\n", Pop3Dialogue.plainWithStls().send("CAPA\r\n"));
    }

    @Test
    void capaAfterAuthListsOnlyTransactionCapabilities() {
        Pop3Dialogue d = Pop3Dialogue.overTls();
        assertEquals("+OK Capability list follows\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\n"
                + "USER\r\nSASL PLAIN\r\nIMPLEMENTATION Postroom\r\n.\r\n", d.send("CAPA\r\n"));
        d.loggedIn();
        assertEquals("+OK Capability list follows\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\n"
                + "IMPLEMENTATION Postroom\r\n.\r\n", d.send("CAPA\r\n"));
    }

    @Test
    void userPassWithGoodCredentialsOpensTheMaildrop() {
        Pop3Dialogue d = Pop3Dialogue.overTls().loggedIn();
        assertEquals(Pop3State.TRANSACTION, d.session().state());
        assertEquals("alice", d.session().user().orElseThrow().name());
    }

    @Test
    void wrongPasswordIsRefusedWithAuthCodeAndNeedsUserAgain() {
        Pop3Dialogue d = Pop3Dialogue.overTls();
        assertEquals("+OK Send PASS\r\n-ERR [AUTH] Invalid credentials\r\n", d.send("USER alice\r\nPASS wrong\r\n"));
        assertEquals("-ERR Send USER first\r\n", d.send("PASS secret\r\n"));
        assertEquals(Pop3State.AUTHORIZATION, d.session().state());
        assertEquals(List.of("authenticate alice tls=true"), d.listener.calls);
        d.loggedIn();
    }

    @Test
    void failedLoginIsAnsweredAfterTheDelayThePolicyGivesAndSuccessIsNot() {
        List<String> seen = new java.util.ArrayList<>();
        AuthFailurePolicy policy = new AuthFailurePolicy() {
            @Override
            public Duration failed(InetAddress client) {
                seen.add("failed " + client.getHostAddress());
                return Duration.ofMillis(750);
            }

            @Override
            public void succeeded(InetAddress client) {
                seen.add("succeeded " + client.getHostAddress());
            }
        };
        Pop3Dialogue d = new Pop3Dialogue(new Pop3Config(Pop3Dialogue.HOST, false, false, true), Pop3Dialogue.REMOTE,
                policy);
        assertEquals("+OK Send PASS\r\n-ERR [AUTH] Invalid credentials\r\n", d.send("USER alice\r\nPASS wrong\r\n"));
        assertEquals(Duration.ofMillis(750), d.lastOutput().delay());
        assertEquals("-ERR [AUTH] Invalid credentials\r\n", d.send("AUTH PLAIN " + plain("", "alice", "bad") + "\r\n"));
        assertEquals(Duration.ofMillis(750), d.lastOutput().delay());
        d.loggedIn();
        assertEquals(Duration.ZERO, d.lastOutput().delay());
        assertEquals(List.of("failed 192.0.2.7", "failed 192.0.2.7", "succeeded 192.0.2.7"), seen);
    }

    @Test
    void passWithoutUserIsRefused() {
        assertEquals("-ERR Send USER first\r\n", Pop3Dialogue.overTls().send("PASS secret\r\n"));
    }

    @Test
    void authPlainWithInitialResponseLogsIn() {
        Pop3Dialogue d = Pop3Dialogue.overTls();
        assertEquals("+OK Maildrop ready\r\n", d.send("AUTH PLAIN " + plain("", "alice", "secret") + "\r\n"));
        assertEquals(Pop3State.TRANSACTION, d.session().state());
    }

    @Test
    void authPlainWithContinuationLogsIn() {
        Pop3Dialogue d = Pop3Dialogue.overTls();
        assertEquals("+ \r\n", d.send("AUTH PLAIN\r\n"));
        assertEquals("+OK Maildrop ready\r\n", d.send(plain("alice", "alice", "secret") + "\r\n"));
    }

    @Test
    void authPlainFailuresCarryTheAuthCode() {
        Pop3Dialogue d = Pop3Dialogue.overTls();
        assertEquals("-ERR [AUTH] Invalid credentials\r\n",
                d.send("AUTH PLAIN " + plain("", "alice", "nope") + "\r\n"));
        assertEquals("+ \r\n-ERR [AUTH] Authentication cancelled\r\n", d.send("AUTH PLAIN\r\n*\r\n"));
        assertEquals("-ERR [AUTH] Cannot decode SASL response\r\n", d.send("AUTH PLAIN !!!\r\n"));
        assertEquals("-ERR [AUTH] Cannot decode SASL response\r\n",
                d.send("AUTH PLAIN " + plain("root", "alice", "secret") + "\r\n"));
        assertEquals("-ERR Unsupported authentication mechanism\r\n", d.send("AUTH CRAM-MD5\r\n"));
        assertEquals(Pop3State.AUTHORIZATION, d.session().state());
    }

    @Test
    void lockedMaildropIsRefusedInUse() {
        Pop3Dialogue d = Pop3Dialogue.overTls();
        assertEquals("+OK Send PASS\r\n-ERR [IN-USE] Maildrop is locked by another session\r\n",
                d.send("USER bob\r\nPASS secret\r\n"));
        assertEquals(Pop3State.AUTHORIZATION, d.session().state());
        d.driver.close();
        assertEquals(List.of("authenticate bob tls=true", "open bob"), d.listener.calls);
    }

    @Test
    void plaintextLoginFromRemoteWithoutTlsIsRefused() {
        Pop3Dialogue d = Pop3Dialogue.plainWithStls();
        String refused = "-ERR [AUTH] Plaintext authentication disallowed without TLS\r\n";
        assertEquals(refused + refused, d.send("USER alice\r\nPASS secret\r\n"));
        assertEquals(refused, d.send("AUTH PLAIN " + plain("", "alice", "secret") + "\r\n"));
        assertTrue(d.listener.calls.isEmpty());
    }

    @Test
    void plaintextLoginFromLoopbackIsAllowedWhenConfigured() {
        Pop3Dialogue d = new Pop3Dialogue(new Pop3Config(Pop3Dialogue.HOST, true, false, false),
                Pop3Dialogue.LOOPBACK);
        d.loggedIn();
        assertEquals(List.of("authenticate alice tls=false", "open alice"), d.listener.calls);
    }

    @Test
    void stlsAsksForTlsAndLoginWorksAfterTheHandshake() {
        Pop3Dialogue d = Pop3Dialogue.plainWithStls();
        assertEquals("+OK Begin TLS negotiation\r\n", d.send("STLS\r\n"));
        assertTrue(d.lastOutput().startTls());
        assertFalse(d.lastOutput().close());
        d.driver.tlsStarted();
        assertEquals("-ERR TLS already active\r\n", d.send("STLS\r\n"));
        d.loggedIn();
        assertEquals(List.of("authenticate alice tls=true", "open alice"), d.listener.calls);
    }

    @Test
    void stlsIsRefusedWhereTlsIsNotAvailable() {
        Pop3Dialogue d = new Pop3Dialogue(new Pop3Config(Pop3Dialogue.HOST, false, false, false),
                Pop3Dialogue.REMOTE);
        assertEquals("-ERR STLS not available\r\n", d.send("STLS\r\n"));
        assertFalse(d.lastOutput().startTls());
    }
}
