package org.postroom.protocol.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The part of a POP3 dialogue that the adapter may answer on its network thread: only what needs no listener call,
 * in order, stopping before the first command that does (which then goes to {@code receive} with the rest).
 */
class Pop3AnswersWithoutBlockingTest {

    private static final String MESSAGE_3 = "+OK Message follows\r\nSubject: three\r\n\r\nno final line end\r\n.\r\n";

    @Test
    void listingsDeleAndRsetAreAnsweredWithoutTheListener() {
        Pop3Dialogue d = Pop3Dialogue.overTls().loggedIn();
        d.listener.calls.clear();
        Pop3Dialogue.Partial partial = d.sendWithoutBlocking("STAT\r\nLIST 2\r\nUIDL 3\r\nDELE 1\r\nRSET\r\nNOOP\r\n");
        assertEquals("+OK 3 124\r\n+OK 2 66\r\n+OK 3 uid-k3\r\n+OK Message deleted\r\n"
                + "+OK Maildrop has 3 messages (124 octets)\r\n+OK\r\n", partial.answer());
        assertEquals("", partial.rest());
        assertEquals(List.of(), d.listener.calls);
    }

    @Test
    void loginStopsThePathAndIsLeftWhole() {
        Pop3Dialogue d = Pop3Dialogue.overTls();
        Pop3Dialogue.Partial partial = d.sendWithoutBlocking("CAPA\r\nUSER alice\r\nPASS secret\r\nSTAT\r\n");
        assertEquals("+OK Send PASS\r\n", partial.answer().substring(partial.answer().indexOf("+OK Send PASS")));
        assertEquals("PASS secret\r\nSTAT\r\n", partial.rest(), "PASS calls the listener: it and all after it wait");
        assertEquals(List.of(), d.listener.calls);
    }

    @Test
    void retrOfAMessageReadAheadIsAnsweredOnceThenGoesToTheStore() {
        Pop3Dialogue d = Pop3Dialogue.overTls().loggedIn();
        d.send("RETR 2\r\n"); // fetches 2 and reads 3 ahead
        d.listener.calls.clear();
        Pop3Dialogue.Partial partial = d.sendWithoutBlocking("RETR 3\r\nRETR 3\r\n");
        assertEquals(MESSAGE_3, partial.answer());
        assertEquals("RETR 3\r\n", partial.rest(), "the read-ahead copy was consumed by the first RETR");
        assertEquals(List.of(), d.listener.calls);
        assertEquals(MESSAGE_3, d.send(partial.rest()));
        assertEquals(List.of("contents alice [k3]"), d.listener.calls);
    }

    @Test
    void retrOfAMessageNotReadAheadGoesToTheStore() {
        Pop3Dialogue d = Pop3Dialogue.overTls().loggedIn();
        Pop3Dialogue.Partial partial = d.sendWithoutBlocking("RETR 1\r\n");
        assertEquals("", partial.answer());
        assertEquals("RETR 1\r\n", partial.rest());
    }

    @Test
    void refusalsNeedNoListenerAndAreAnswered() {
        Pop3Dialogue d = Pop3Dialogue.overTls().loggedIn();
        Pop3Dialogue.Partial partial = d.sendWithoutBlocking("RETR 9\r\nRETR x\r\nXYZZY\r\nUSER bob\r\n");
        assertEquals("-ERR No such message\r\n", partial.answer().lines().findFirst().orElseThrow() + "\r\n");
        assertEquals(4, partial.answer().lines().filter(l -> l.startsWith("-ERR")).count(),
                "no such message, syntax, unknown command, wrong state: " + partial.answer());
        assertEquals("", partial.rest());
    }

    @Test
    void quitWaitsForTheLaneBecauseItCommits() {
        Pop3Dialogue d = Pop3Dialogue.overTls().loggedIn();
        Pop3Dialogue.Partial partial = d.sendWithoutBlocking("DELE 1\r\nQUIT\r\n");
        assertEquals("+OK Message deleted\r\n", partial.answer());
        assertEquals("QUIT\r\n", partial.rest());
    }

    @Test
    void aPartialLineIsLeftAndSoIsEverythingWhileTheFramerHoldsOne() {
        Pop3Dialogue d = Pop3Dialogue.overTls().loggedIn();
        Pop3Dialogue.Partial partial = d.sendWithoutBlocking("NOOP\r\nST");
        assertEquals("+OK\r\n", partial.answer());
        assertEquals("ST", partial.rest());
        d.send("ST"); // the lane takes it: the framer now holds a partial line
        partial = d.sendWithoutBlocking("AT\r\nNOOP\r\n");
        assertEquals("", partial.answer());
        assertEquals("AT\r\nNOOP\r\n", partial.rest());
        assertEquals("+OK 3 124\r\n+OK\r\n", d.send(partial.rest()));
    }

    @Test
    void aLineAtTheLengthLimitWithoutCrIsRefusedAsOverlongNotFailed() {
        Pop3Dialogue d = Pop3Dialogue.overTls().loggedIn();
        String line = "NOOP " + "x".repeat(Pop3Config.MAX_LINE_LENGTH - 6) + "\n";
        Pop3Dialogue.Partial partial = d.sendWithoutBlocking(line + "NOOP\r\n");
        assertEquals(d.send("NOOP " + "y".repeat(400) + "\r\n") + "+OK\r\n", partial.answer());
        assertEquals("", partial.rest());
    }
}
