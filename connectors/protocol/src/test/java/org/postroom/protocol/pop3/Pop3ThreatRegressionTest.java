package org.postroom.protocol.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One regression test per injection or parsing threat, named after the threat. */
class Pop3ThreatRegressionTest {

    @Test
    void plaintextCommandsPipelinedAfterStlsAreNeverExecuted() {
        // STARTTLS command injection (CVE-2011-0411 class, RFC 2595 section 4): bytes after STLS in the same
        // plaintext packet could be injected by a man in the middle and must not run inside the TLS session.
        Pop3Dialogue d = new Pop3Dialogue(new Pop3Config(Pop3Dialogue.HOST, true, true, false),
                Pop3Dialogue.LOOPBACK);
        assertEquals("+OK Begin TLS negotiation\r\n", d.send("STLS\r\nUSER alice\r\nPASS secret\r\nDELE 1\r\n"));
        assertTrue(d.lastOutput().startTls());
        assertEquals("", d.send("USER alice\r\nPASS sec"));
        d.driver.tlsStarted();
        assertEquals("-ERR Send USER first\r\n", d.send("PASS secret\r\n"));
        assertEquals(Pop3State.AUTHORIZATION, d.session().state());
        assertTrue(d.listener.calls.isEmpty());
    }

    @Test
    void overlongCommandLineIsRefusedWithoutBufferingAndTheSessionGoesOn() {
        Pop3Dialogue d = Pop3Dialogue.overTls().loggedIn();
        String longest = "NOOP " + "x".repeat(Pop3Config.MAX_LINE_LENGTH - 2 - 5);
        assertEquals("-ERR Syntax error in arguments\r\n", d.send(longest + "\r\n"));
        assertEquals("-ERR Line too long\r\n", d.send(longest + "x\r\n"));
        assertEquals("", d.send("DELE 1 " + "x".repeat(10_000)));
        assertEquals("-ERR Line too long\r\n+OK 3 124\r\n", d.send("\r\nSTAT\r\n"));
        assertEquals(Pop3State.TRANSACTION, d.session().state());
    }

    @Test
    void overlongSaslResponseEndsTheExchange() {
        Pop3Dialogue d = Pop3Dialogue.overTls();
        assertEquals("+ \r\n", d.send("AUTH PLAIN\r\n"));
        assertEquals("-ERR Line too long\r\n-ERR Command not valid in this state\r\n",
                d.send("A".repeat(300) + "\r\nSTAT\r\n"));
    }

    @Test
    void controlCharactersInACommandAreRefused() {
        Pop3Dialogue d = Pop3Dialogue.overTls().loggedIn();
        assertEquals("-ERR Invalid characters in command\r\n", d.send("DELE 1\r2\r\n"));
        assertEquals("-ERR Invalid characters in command\r\n", d.send("STAT\0\r\n"));
        assertEquals("+OK 3 124\r\n", d.send("STAT\r\n"));
    }

    @Test
    void messageLinesThatLookLikeTheTerminatorAreDotStuffed() throws IOException {
        // a message line "." would end the response early and let the rest be read as server responses
        Pop3MultiLine response = Pop3MultiLine.ofMessage(Pop3Replies.MESSAGE_FOLLOWS,
                new java.io.ByteArrayInputStream(
                        ".\r\n..\r\nx\r\n.".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                -1);
        assertEquals("+OK Message follows\r\n..\r\n...\r\nx\r\n..\r\n.\r\n",
                Pop3Dialogue.text(new Pop3Output(List.of(response), false, false)));
    }

    @Test
    void replyTextCannotCarryALineBreakThatWouldSplitAReply() {
        assertEquals("-ERR a??b\r\n", new String(Pop3Reply.err("a\r\nb").encode(), StandardCharsets.US_ASCII));
    }
}
