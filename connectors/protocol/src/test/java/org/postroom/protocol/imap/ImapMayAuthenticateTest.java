package org.postroom.protocol.imap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which input may call the authenticator: what the adapter sends to its login pool (ADR 0047). */
class ImapMayAuthenticateTest {

    private final ImapDialogue imap = ImapDialogue.overTls(ImapDialogue.aliceStore());

    private boolean may(String input) {
        return imap.driver.mayAuthenticate(ByteBuffer.wrap(input.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void loginAndAuthenticateMayOtherCommandsMayNot() {
        assertTrue(may("a LOGIN alice secret\r\n"));
        assertTrue(may("a1 authenticate PLAIN\r\n"));
        assertTrue(may("a CAPABILITY\r\nb LOGIN alice secret\r\n"));
        assertFalse(may("a CAPABILITY\r\n"));
        assertFalse(may("a NOOP\r\nb LOGOUT\r\n"));
        assertFalse(may("a LOGINX\r\n"));
        imap.send("a LOGIN {5}\r\n");
        assertTrue(may("alice {6}\r\n"), "the literals of a LOGIN");
    }

    @Test
    void saslResponsesMayAndNothingDoesOnceLoggedIn() {
        imap.send("a AUTHENTICATE PLAIN\r\n");
        assertTrue(may("AGFsaWNlAHNlY3JldA==\r\n"));
        imap.send("AGFsaWNlAHNlY3JldA==\r\n");
        assertFalse(may("b LOGIN alice secret\r\n"));
    }
}
