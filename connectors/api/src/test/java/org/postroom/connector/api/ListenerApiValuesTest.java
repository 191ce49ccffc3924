package org.postroom.connector.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The values that cross the listener seam keep their invariants, so no listener has to re-check them. */
class ListenerApiValuesTest {

    @Test
    void rejectExceptionCarriesAConsistentReply() {
        RejectException e = new RejectException(550, "5.1.1", "Mailbox unknown");
        assertEquals(550, e.code());
        assertEquals("5.1.1", e.enhancedCode());
        assertEquals("Mailbox unknown", e.text());
        assertFalse(e.isTemporary());
        assertTrue(RejectException.temporary("4.3.0", "try later").isTemporary());
        assertEquals(550, RejectException.permanent("5.7.1", "no").code());
    }

    @Test
    void rejectExceptionRefusesSuccessCodesAndMismatchedEnhancedCodes() {
        assertThrows(IllegalArgumentException.class, () -> new RejectException(250, "2.0.0", "ok"));
        assertThrows(IllegalArgumentException.class, () -> new RejectException(550, "4.1.1", "x"));
        assertThrows(IllegalArgumentException.class, () -> new RejectException(450, "4.1", "x"));
    }

    @Test
    void mailboxHasADomainUnlessItIsThePostmaster() {
        assertEquals("bob@example.org", new MailAddress("bob", "example.org").address());
        assertEquals("example.org", new MailAddress("bob", "EXAMPLE.org").normalizedDomain());
        assertTrue(MailAddress.postmaster().isUnqualifiedPostmaster());
        assertThrows(IllegalArgumentException.class, () -> new MailAddress("bob", ""));
        assertThrows(IllegalArgumentException.class, () -> new MailAddress("bob\r\n", "example.org"));
    }

    @Test
    void nullReversePathPrintsAsEmptyBrackets() {
        assertEquals("<>", ReversePath.NULL.toString());
        assertTrue(ReversePath.NULL.isNull());
        assertEquals("<bob@example.org>", ReversePath.of(new MailAddress("bob", "example.org")).toString());
    }

    @Test
    void credentialsNeverPrintThePassword() {
        assertFalse(new Credentials("alice", "s3cret").toString().contains("s3cret"));
    }

    @Test
    void acceptedQueueIdIsPrintableWithoutSpaces() {
        assertEquals("Q1", new Accepted("Q1").queueId());
        assertThrows(IllegalArgumentException.class, () -> new Accepted("Q 1"));
        assertThrows(IllegalArgumentException.class, () -> new Accepted("Q1\r\n250 ok"));
    }

    @Test
    void protocolNameFollowsRfc3848() {
        assertEquals(MailProtocol.SMTP, MailProtocol.of(false, false, false));
        assertEquals(MailProtocol.ESMTP, MailProtocol.of(true, false, false));
        assertEquals(MailProtocol.ESMTPA, MailProtocol.of(true, false, true));
        assertEquals(MailProtocol.ESMTPS, MailProtocol.of(true, true, false));
        assertEquals(MailProtocol.ESMTPSA, MailProtocol.of(true, true, true));
    }

    @Test
    void sessionContextKnowsLoopback() throws Exception {
        SessionContext local = new SessionContext("S1", new InetSocketAddress(InetAddress.getLoopbackAddress(), 1),
                Optional.empty(), false, Optional.empty(), MailProtocol.ESMTP);
        assertTrue(local.isLoopback());
        assertFalse(local.isAuthenticated());
        SessionContext remote = new SessionContext("S2",
                new InetSocketAddress(InetAddress.getByAddress(new byte[]{(byte) 192, 0, 2, 1}), 1), Optional.of("c"),
                true, Optional.of(new AuthenticatedUser("alice")), MailProtocol.ESMTPSA);
        assertFalse(remote.isLoopback());
        assertEquals("alice", remote.authenticatedUser().orElseThrow().getName());
    }

    @Test
    void authenticationResultsAreTheThreeCases() {
        assertEquals(new AuthenticationResult.Authenticated(new AuthenticatedUser("alice")),
                AuthenticationResult.authenticated("alice"));
        assertTrue(AuthenticationResult.invalidCredentials() instanceof AuthenticationResult.InvalidCredentials);
        assertTrue(
                AuthenticationResult.temporarilyUnavailable() instanceof AuthenticationResult.TemporarilyUnavailable);
    }
}
