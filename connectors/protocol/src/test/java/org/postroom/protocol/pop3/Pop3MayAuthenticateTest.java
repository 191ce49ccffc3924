package org.postroom.protocol.pop3;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which input may call the authenticator: what the adapter sends to its login pool (ADR 0047). */
class Pop3MayAuthenticateTest {

    private final Pop3Dialogue pop3 = Pop3Dialogue.overTls();

    private boolean may(String input) {
        return pop3.driver.mayAuthenticate(ByteBuffer.wrap(input.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void passAndAuthMayUserAndCapaMayNot() {
        assertFalse(may("CAPA\r\nUSER alice\r\n"));
        assertTrue(may("USER alice\r\nPASS secret\r\n"));
        assertTrue(may("AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n"));
        pop3.send("USER alice\r\nPASS secret\r\n");
        assertFalse(may("PASS secret\r\n"), "logged in");
    }
}
