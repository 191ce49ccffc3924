package org.postroom.protocol.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Byte-exact dialogues of the TRANSACTION state and the session life cycle. */
class Pop3DialogueTest {

    @Test
    void greetingNamesTheHost() {
        assertEquals("+OK pop.example.org POP3 server ready\r\n", Pop3Dialogue.overTls().greeting);
    }

    @Test
    void statCountsMessagesAndOctets() {
        Pop3Dialogue d = Pop3Dialogue.overTls().loggedIn();
        assertEquals("+OK 3 124\r\n", d.send("STAT\r\n"));
    }

    @Test
    void listGivesScanListingsAndOneMessage() {
        Pop3Dialogue d = Pop3Dialogue.overTls().loggedIn();
        assertEquals("+OK Scan listing follows\r\n1 23\r\n2 66\r\n3 35\r\n.\r\n", d.send("LIST\r\n"));
        assertEquals("+OK 2 66\r\n", d.send("LIST 2\r\n"));
        assertEquals("-ERR No such message\r\n", d.send("LIST 4\r\n"));
        assertEquals("-ERR No such message\r\n", d.send("LIST 0\r\n"));
    }

    @Test
    void uidlGivesUniqueIds() {
        Pop3Dialogue d = Pop3Dialogue.overTls().loggedIn();
        assertEquals("+OK Unique-ID listing follows\r\n1 uid-k1\r\n2 uid-k2\r\n3 uid-k3\r\n.\r\n",
                d.send("UIDL\r\n"));
        assertEquals("+OK 3 uid-k3\r\n", d.send("UIDL 3\r\n"));
    }

    @Test
    void retrDotStuffsALineStartingWithDot() {
        Pop3Dialogue d = Pop3Dialogue.overTls().loggedIn();
        assertEquals("+OK Message follows\r\nSubject: two\r\nFrom: a@example.org\r\n\r\nline 1\r\n..hidden dot\r\n"
                + "line 3\r\n.\r\n", d.send("RETR 2\r\n"));
    }

    @Test
    void retrReadsAheadSoTheStoreIsAskedOncePerBatchNotPerMessage() {
        Pop3Dialogue d = Pop3Dialogue.overTls().loggedIn();
        d.send("DELE 2\r\n");
        d.listener.calls.clear();
        d.send("RETR 1\r\n");
        d.send("RETR 3\r\n");
        d.send("RETR 1\r\n");
        assertEquals(List.of("contents alice [k1, k3]", "contents alice [k1, k3]"), d.listener.calls,
                "one call fetched 1 and the next visible message (3); RETR 1 again fetches anew");
    }

    @Test
    void topKeepsTheReadAheadForTheRetrThatUsuallyFollows() {
        Pop3Dialogue d = Pop3Dialogue.overTls().loggedIn();
        d.listener.calls.clear();
        d.send("TOP 2 0\r\n");
        assertEquals("+OK Message follows\r\nSubject: two\r\nFrom: a@example.org\r\n\r\nline 1\r\n..hidden dot\r\n"
                + "line 3\r\n.\r\n", d.send("RETR 2\r\n"));
        assertEquals(List.of("contents alice [k2, k3]"), d.listener.calls);
    }

    @Test
    void messageRemovedByAnotherClientIsRefusedAndTheSessionGoesOn() {
        Pop3Dialogue d = Pop3Dialogue.overTls().loggedIn();
        d.listener.removedBehindTheSession.add("k2");
        assertEquals("-ERR Message was removed by another client\r\n", d.send("RETR 2\r\n"));
        assertEquals("+OK Message follows\r\nSubject: three\r\n\r\nno final line end\r\n.\r\n", d.send("RETR 3\r\n"));
    }

    @Test
    void storeFailureDuringRetrIsATemporaryError() {
        Pop3Dialogue d = Pop3Dialogue.overTls().loggedIn();
        d.listener.failingKey = "k1";
        assertEquals("-ERR [SYS/TEMP] Maildrop temporarily unavailable\r\n", d.send("RETR 1\r\n"));
        assertTrue(d.send("STAT\r\n").startsWith("+OK 3 "));
    }

    @Test
    void retrAddsTheMissingFinalCrlf() {
        Pop3Dialogue d = Pop3Dialogue.overTls().loggedIn();
        assertEquals("+OK Message follows\r\nSubject: three\r\n\r\nno final line end\r\n.\r\n", d.send("RETR 3\r\n"));
    }

    @Test
    void topGivesTheHeaderAndTheFirstBodyLines() {
        Pop3Dialogue d = Pop3Dialogue.overTls().loggedIn();
        assertEquals(
                "+OK Message follows\r\nSubject: two\r\nFrom: a@example.org\r\n\r\nline 1\r\n..hidden dot\r\n.\r\n",
                d.send("TOP 2 2\r\n"));
        assertEquals("+OK Message follows\r\nSubject: two\r\nFrom: a@example.org\r\n\r\n.\r\n", d.send("TOP 2 0\r\n"));
        assertEquals("+OK Message follows\r\nSubject: one\r\n\r\nHello\r\n.\r\n", d.send("TOP 1 99\r\n"));
    }

    @Test
    void deleHidesAMessageAndRsetRestoresIt() {
        Pop3Dialogue d = Pop3Dialogue.overTls().loggedIn();
        assertEquals("+OK Message deleted\r\n", d.send("DELE 2\r\n"));
        assertEquals("+OK 2 58\r\n", d.send("STAT\r\n"));
        assertEquals("+OK Scan listing follows\r\n1 23\r\n3 35\r\n.\r\n", d.send("LIST\r\n"));
        assertEquals("+OK Unique-ID listing follows\r\n1 uid-k1\r\n3 uid-k3\r\n.\r\n", d.send("UIDL\r\n"));
        assertEquals("-ERR No such message\r\n", d.send("RETR 2\r\n"));
        assertEquals("-ERR No such message\r\n", d.send("DELE 2\r\n"));
        assertEquals("+OK Maildrop has 3 messages (124 octets)\r\n", d.send("RSET\r\n"));
        assertEquals("+OK 3 124\r\n", d.send("STAT\r\n"));
    }

    @Test
    void quitCommitsExactlyTheDeletedKeysThenReleasesTheLock() {
        Pop3Dialogue d = Pop3Dialogue.overTls().loggedIn();
        d.send("DELE 3\r\nDELE 1\r\n");
        assertEquals("+OK Bye\r\n", d.send("QUIT\r\n"));
        assertTrue(d.lastOutput().close());
        assertEquals(List.of(List.of("k1", "k3")), d.listener.commits);
        assertEquals(List.of("authenticate alice tls=true", "open alice", "commit alice [k1, k3]", "close alice"),
                d.listener.calls);
        assertEquals(Pop3State.UPDATE, d.session().state());
        d.driver.close();
        assertEquals(1, d.listener.calls.stream().filter(c -> c.startsWith("close")).count());
    }

    @Test
    void aDroppedConnectionCommitsNothing() {
        Pop3Dialogue d = Pop3Dialogue.overTls().loggedIn();
        d.send("DELE 1\r\n");
        d.driver.close();
        assertTrue(d.listener.commits.isEmpty());
        assertEquals(List.of("authenticate alice tls=true", "open alice", "close alice"), d.listener.calls);
    }

    @Test
    void quitInAuthorizationSaysByeAndCallsNothing() {
        Pop3Dialogue d = Pop3Dialogue.overTls();
        assertEquals("+OK Bye\r\n", d.send("QUIT\r\n"));
        assertTrue(d.lastOutput().close());
        assertTrue(d.listener.calls.isEmpty());
        assertEquals("", d.send("STAT\r\n"));
    }

    @Test
    void noopAnswersOk() {
        assertEquals("+OK\r\n", Pop3Dialogue.overTls().loggedIn().send("NOOP\r\n"));
    }

    @Test
    void transactionCommandsBeforeLoginAreRefusedInState() {
        Pop3Dialogue d = Pop3Dialogue.overTls();
        for (String command : List.of("STAT", "LIST", "UIDL 1", "RETR 1", "TOP 1 1", "DELE 1", "RSET", "NOOP")) {
            assertEquals("-ERR Command not valid in this state\r\n", d.send(command + "\r\n"), command);
        }
        assertTrue(d.listener.calls.isEmpty());
    }

    @Test
    void authorizationCommandsAfterLoginAreRefusedInState() {
        Pop3Dialogue d = Pop3Dialogue.overTls().loggedIn();
        assertEquals("-ERR Command not valid in this state\r\n", d.send("USER alice\r\n"));
        assertEquals("-ERR Command not valid in this state\r\n", d.send("PASS secret\r\n"));
        assertEquals("-ERR Command not valid in this state\r\n", d.send("AUTH PLAIN\r\n"));
        assertEquals("-ERR Command not valid in this state\r\n", d.send("STLS\r\n"));
        assertEquals("+OK 3 124\r\n", d.send("STAT\r\n"));
    }

    @Test
    void unknownCommandAndBadArgumentsLeaveTheSessionIntact() {
        Pop3Dialogue d = Pop3Dialogue.overTls().loggedIn();
        assertEquals("-ERR Unknown command\r\n", d.send("XYZZY\r\n"));
        assertEquals("-ERR Syntax error in arguments\r\n", d.send("RETR\r\n"));
        assertEquals("-ERR Syntax error in arguments\r\n", d.send("RETR one\r\n"));
        assertEquals("-ERR Syntax error in arguments\r\n", d.send("TOP 1\r\n"));
        assertEquals("-ERR Syntax error in arguments\r\n", d.send("TOP 1  2\r\n"));
        assertEquals("-ERR Syntax error in arguments\r\n", d.send("DELE -1\r\n"));
        assertEquals("-ERR Syntax error in arguments\r\n", d.send("LIST 99999999999\r\n"));
        assertEquals("+OK 3 124\r\n", d.send("STAT\r\n"));
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrderInOneOutput() {
        Pop3Dialogue d = Pop3Dialogue.overTls();
        assertEquals("+OK Send PASS\r\n+OK Maildrop ready\r\n+OK 3 124\r\n+OK Message deleted\r\n+OK 2 101\r\n",
                d.send("USER alice\r\nPASS secret\r\nSTAT\r\nDELE 1\r\nSTAT\r\n"));
        assertFalse(d.lastOutput().close());
    }

    @Test
    void commandsSplitAcrossChunksAreReassembled() {
        Pop3Dialogue d = Pop3Dialogue.overTls().loggedIn();
        assertEquals("", d.send("ST"));
        assertEquals("+OK 3 124\r\n", d.send("AT\r\n"));
    }
}
