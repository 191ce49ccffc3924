package org.postroom.protocol.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postroom.protocol.AuthFailurePolicy;

/** Capabilities, STARTTLS, LOGIN and AUTHENTICATE, and the delay after failures. */
class ImapAuthAndTlsTest {

    private final InMemoryMailStore store = ImapDialogue.aliceStore();

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void plaintextRemoteSessionAdvertisesStartTlsAndLoginDisabled() {
        ImapDialogue d = ImapDialogue.plainWithStartTls(store);
        assertEquals("* CAPABILITY IMAP4rev1 LITERAL- SASL-IR ENABLE ID IDLE NAMESPACE UNSELECT UIDPLUS MOVE CHILDREN "
                + "SPECIAL-USE STARTTLS LOGINDISABLED\r\na OK CAPABILITY completed\r\n", d.send("a CAPABILITY\r\n"));
        assertEquals("b NO [PRIVACYREQUIRED] Use STARTTLS or a TLS port first\r\n", d.send("b LOGIN alice secret\r\n"));
        assertEquals("c NO [PRIVACYREQUIRED] Use STARTTLS or a TLS port first\r\n",
                d.send("c AUTHENTICATE PLAIN " + b64("\0alice\0secret") + "\r\n"));
        assertEquals(0, store.callCount("authenticate"));
    }

    @Test
    void startTlsThenLoginAndCapabilitiesChange() {
        ImapDialogue d = ImapDialogue.plainWithStartTls(store);
        assertEquals("a OK Begin TLS negotiation now\r\n", d.send("a STARTTLS\r\n"));
        assertTrue(d.lastOutput().startTls());
        d.driver.tlsStarted();
        assertEquals("* CAPABILITY IMAP4rev1 LITERAL- SASL-IR ENABLE ID IDLE NAMESPACE UNSELECT UIDPLUS MOVE CHILDREN "
                + "SPECIAL-USE AUTH=PLAIN AUTH=LOGIN\r\nb OK CAPABILITY completed\r\n", d.send("b CAPABILITY\r\n"));
        assertEquals("c BAD TLS already active\r\n", d.send("c STARTTLS\r\n"));
        assertTrue(d.send("d LOGIN alice secret\r\n").startsWith("d OK [CAPABILITY"));
        assertEquals("e BAD Command not valid in this state\r\n", d.send("e STARTTLS\r\n"));
    }

    @Test
    void startTlsIsRefusedWhereTheEndpointCannotStartTls() {
        ImapDialogue d = new ImapDialogue(store, new ImapConfig(ImapDialogue.HOST, true, false, false, 1000),
                ImapDialogue.REMOTE, AuthFailurePolicy.NONE);
        assertEquals("a BAD STARTTLS not available\r\n", d.send("a STARTTLS\r\n"));
    }

    @Test
    void loopbackMayLogInWithoutTlsWhenConfigured() {
        ImapDialogue d = new ImapDialogue(store, new ImapConfig(ImapDialogue.HOST, true, false, false, 1000),
                ImapDialogue.LOOPBACK, AuthFailurePolicy.NONE);
        assertTrue(d.greeting.contains(" AUTH=PLAIN AUTH=LOGIN]"), d.greeting);
        assertTrue(d.send("a LOGIN alice secret\r\n").startsWith("a OK"));
    }

    @Test
    void authenticatePlainWithInitialResponse() {
        ImapDialogue d = ImapDialogue.overTls(store);
        assertTrue(d.send("a AUTHENTICATE PLAIN " + b64("\0alice\0secret") + "\r\n").startsWith("a OK [CAPABILITY"));
        assertEquals(ImapState.AUTHENTICATED, d.session().state());
    }

    @Test
    void authenticatePlainWithChallengeAndLoginMechanism() {
        ImapDialogue d = ImapDialogue.overTls(store);
        assertEquals("+ \r\n", d.send("a AUTHENTICATE PLAIN\r\n"));
        assertEquals("a NO [AUTHENTICATIONFAILED] Authentication failed\r\n", d.send(b64("\0alice\0wrong") + "\r\n"));
        assertEquals("+ VXNlcm5hbWU6\r\n", d.send("b AUTHENTICATE LOGIN\r\n"));
        assertEquals("+ UGFzc3dvcmQ6\r\n", d.send(b64("alice") + "\r\n"));
        assertTrue(d.send(b64("secret") + "\r\n").startsWith("b OK [CAPABILITY"));
    }

    @Test
    void authenticateCanBeCancelledAndRejectsGarbage() {
        ImapDialogue d = ImapDialogue.overTls(store);
        d.send("a AUTHENTICATE PLAIN\r\n");
        assertEquals("a BAD Authentication cancelled\r\n", d.send("*\r\n"));
        assertEquals("b BAD Invalid base64 response\r\n", d.send("b AUTHENTICATE PLAIN !!!\r\n"));
        assertEquals("c NO Unsupported authentication mechanism\r\n", d.send("c AUTHENTICATE CRAM-MD5\r\n"));
        assertEquals("d NO [AUTHORIZATIONFAILED] Not authorized to act as that user\r\n",
                d.send("d AUTHENTICATE PLAIN " + b64("bob\0alice\0secret") + "\r\n"));
        assertEquals(ImapState.NOT_AUTHENTICATED, d.session().state());
    }

    @Test
    void authenticateLoginWithAnEmptyUserNameIsRefusedBeforeAskingForAPassword() {
        ImapDialogue d = ImapDialogue.overTls(store);
        d.send("a AUTHENTICATE LOGIN\r\n");
        assertEquals("a BAD Invalid LOGIN response\r\n", d.send("\r\n"));
        assertEquals("b BAD Invalid PLAIN response\r\n", d.send("b AUTHENTICATE PLAIN " + b64("\0\0secret") + "\r\n"));
        assertEquals(0, store.callCount("authenticate"));
    }

    @Test
    void failedLoginCarriesTheDelayThePolicyChose() {
        List<InetAddress> failures = new ArrayList<>();
        List<InetAddress> successes = new ArrayList<>();
        AuthFailurePolicy policy = new AuthFailurePolicy() {
            @Override
            public Duration failed(InetAddress client) {
                failures.add(client);
                return Duration.ofMillis(500L * failures.size());
            }

            @Override
            public void succeeded(InetAddress client) {
                successes.add(client);
            }
        };
        ImapDialogue d = new ImapDialogue(store, new ImapConfig(ImapDialogue.HOST, false, false, true, 1000),
                ImapDialogue.REMOTE, policy);
        assertEquals("a NO [AUTHENTICATIONFAILED] Authentication failed\r\n", d.send("a LOGIN alice nope\r\n"));
        assertEquals(Duration.ofMillis(500), d.lastOutput().delay());
        d.send("b LOGIN mallory x\r\n");
        assertEquals(Duration.ofMillis(1000), d.lastOutput().delay());
        assertTrue(d.send("c LOGIN alice secret\r\n").startsWith("c OK"));
        assertEquals(Duration.ZERO, d.lastOutput().delay());
        assertEquals(List.of(ImapDialogue.REMOTE.getAddress()), successes);
        assertEquals(2, failures.size());
    }

    @Test
    void byeRepliesForTheAdapterNameTheHost() {
        ImapProtocol protocol = new ImapProtocol(new ImapConfig(ImapDialogue.HOST, false, false, true, 1000), store,
                AuthFailurePolicy.NONE);
        assertEquals("* BYE imap.example.org Too many connections, try again later\r\n",
                new String(protocol.tooManyConnectionsReply(), StandardCharsets.US_ASCII));
        assertEquals("* BYE imap.example.org Autologout; idle for too long\r\n",
                new String(protocol.idleTimeoutReply(), StandardCharsets.US_ASCII));
        assertEquals("* BYE imap.example.org Server shutting down\r\n",
                new String(protocol.shutdownReply(), StandardCharsets.US_ASCII));
        assertFalse(protocol.config().startTlsAvailable());
    }

    @Test
    void loginsOfOneUserFromOneAddressBeyondTheLimitGetNoLimit() {
        // issue 14, like Dovecot's mail_max_userip_connections
        org.postroom.protocol.ConnectionsPerUserAndAddress perUser = new org.postroom.protocol.ConnectionsPerUserAndAddress(
                2, false);
        ImapProtocol protocol = new ImapProtocol(new ImapConfig(ImapDialogue.HOST, false, false, true,
                ImapDialogue.MAX_MESSAGE), store, org.postroom.protocol.AuthFailurePolicy.NONE, () -> "S1",
                new MessageCache(0), perUser);
        ImapDialogue first = new ImapDialogue(store, protocol, ImapDialogue.REMOTE);
        ImapDialogue second = new ImapDialogue(store, protocol, ImapDialogue.REMOTE);
        ImapDialogue third = new ImapDialogue(store, protocol, ImapDialogue.REMOTE);
        assertTrue(first.send("a LOGIN alice secret\r\n").startsWith("a OK"));
        assertTrue(second.send("a LOGIN alice secret\r\n").startsWith("a OK"));
        assertEquals("a NO [LIMIT] Too many connections for this user from your address (at most 2)\r\n",
                third.send("a LOGIN alice secret\r\n"));
        assertEquals(ImapState.NOT_AUTHENTICATED, third.session().state());
        ImapDialogue elsewhere = new ImapDialogue(store, protocol, ImapDialogue.LOOPBACK);
        assertTrue(elsewhere.send("a LOGIN alice secret\r\n").startsWith("a OK"), "another address counts apart");
        first.driver.close();
        assertTrue(third.send("b LOGIN alice secret\r\n").startsWith("b OK"), "a session ended: room again");
    }
}
