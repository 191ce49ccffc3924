package org.postroom.protocol.smtp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which input may call the authenticator: what the adapter sends to its login pool (ADR 0047). */
class SmtpMayAuthenticateTest {

    private final SmtpDialogue smtp = SmtpDialogue.with(SmtpDialogue.config().implicitTls(true).build());

    private boolean may(String input) {
        ByteBuffer in = ByteBuffer.wrap(input.getBytes(StandardCharsets.ISO_8859_1));
        boolean result = smtp.driver.mayAuthenticate(in);
        assertTrue(in.position() == 0, "nothing consumed");
        return result;
    }

    @Test
    void authLinesAndSaslResponsesMayOtherCommandsMayNot() {
        smtp.ehlo();
        assertTrue(may("AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n"));
        assertTrue(may("auth login\r\n"));
        assertTrue(may("NOOP\r\nAUTH PLAIN x\r\n"), "a later line of the same input");
        assertTrue(may("AU"), "a start cut short: cannot tell, so yes");
        assertFalse(may("MAIL FROM:<author@example.org>\r\n"));
        assertFalse(may("AUTHOR\r\n"));
        assertFalse(may("NOOP\r\n"));
        smtp.send("AUTH LOGIN\r\n");
        assertTrue(may("YWxpY2U=\r\n"), "a SASL response");
        smtp.send("*\r\n");
        smtp.send("AUT");
        assertTrue(may("H PLAIN x\r\n"), "the rest of a partial AUTH line");
        smtp.send("H PLAIN AGFsaWNlAHNlY3JldA==\r\n");
        assertFalse(may("AUTH PLAIN x\r\n"), "authenticated: nothing more to check");
    }

    @Test
    void anMxWithoutAuthenticatorNeverAsks() {
        SmtpDialogue mx = SmtpDialogue.mx();
        assertFalse(mx.driver.mayAuthenticate(ByteBuffer.wrap("AUTH PLAIN x\r\n".getBytes(StandardCharsets.US_ASCII))));
    }
}
