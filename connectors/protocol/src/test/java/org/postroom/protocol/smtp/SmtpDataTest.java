package org.postroom.protocol.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The DATA stream through a whole session: dot-unstuffing, chunking, size limit, hop count, what follows. */
class SmtpDataTest {

    private SmtpDialogue smtp = SmtpDialogue.mx();

    @AfterEach
    void listenerContractKept() {
        smtp.closeAndCheckContract();
    }

    private void openData() {
        assertTrue(smtp.ehlo()
                .send("MAIL FROM:<bob@client.example>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n")
                .endsWith("354 End data with <CR><LF>.<CR><LF>\r\n"));
    }

    /** The content the listener received, without the engine's Received header (5 lines, one recipient). */
    private String body() {
        String content = smtp.listeners.lastContent();
        int afterReceived = content.indexOf(SmtpDialogue.DATE + "\r\n") + SmtpDialogue.DATE.length() + 2;
        return content.substring(afterReceived);
    }

    @Test
    void dotStuffedLinesAreUnstuffed() {
        openData();
        assertEquals("250 2.0.0 Ok: queued as Q1\r\n",
                smtp.send("Subject: dots\r\n\r\n..\r\n..leading\r\n...two\r\nmiddle.dot\r\n.\r\n"));
        assertEquals("Subject: dots\r\n\r\n.\r\n.leading\r\n..two\r\nmiddle.dot\r\n", body());
    }

    @Test
    void messageFedOneOctetAtATimeIsTheSame() {
        smtp.ehlo();
        String replies = smtp.sendByteByByte("MAIL FROM:<bob@client.example>\r\nRCPT TO:<alice@example.org>\r\n"
                + "DATA\r\nSubject: slow\r\n\r\n..dot\r\nbody\r\n.\r\nNOOP\r\n");
        assertEquals("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n"
                + "250 2.0.0 Ok: queued as Q1\r\n250 2.0.0 Ok\r\n", replies);
        assertEquals("Subject: slow\r\n\r\n.dot\r\nbody\r\n", body());
    }

    @Test
    void emptyMessageIsAccepted() {
        openData();
        assertEquals("250 2.0.0 Ok: queued as Q1\r\n", smtp.send(".\r\n"));
        assertEquals("", body());
    }

    @Test
    void eightBitContentPassesThroughUnchanged() {
        openData();
        smtp.send("Subject: caf\u00e9\r\n\r\n\u00ff\u0080\u0000\r\n.\r\n");
        assertEquals("Subject: caf\u00e9\r\n\r\n\u00ff\u0080\u0000\r\n", body());
    }

    @Test
    void bytesAfterTheEndOfDataAreTheNextPipelinedCommands() {
        openData();
        assertEquals("250 2.0.0 Ok: queued as Q1\r\n250 2.0.0 Ok\r\n250 2.1.0 Ok\r\n",
                smtp.send("body\r\n.\r\nRSET\r\nMAIL FROM:<bob@client.example>\r\n"));
        assertEquals("body\r\n", body());
    }

    @Test
    void sizeLimitIsEnforcedWhileStreamingAndAnsweredAtTheEnd() {
        smtp = SmtpDialogue.with(SmtpDialogue.config().maxMessageSize(100).build());
        openData();
        String line = "0123456789012345678901234567890123456789\r\n"; // 42 octets
        assertEquals("", smtp.send(line + line));
        assertEquals("", smtp.send(line)); // 126 > 100: over, but the client is still sending
        assertEquals("", smtp.send(line.repeat(1000)));
        assertEquals("552 5.3.4 Message size exceeds fixed maximum message size\r\n", smtp.send(".\r\n"));
        assertFalse(smtp.listeners.events.stream().anyMatch(e -> e.startsWith("data")), "listener must not see it");
        assertEquals("abort", smtp.listeners.events.get(smtp.listeners.events.size() - 1));
        assertEquals("250 2.1.0 Ok\r\n", smtp.send("MAIL FROM:<bob@client.example>\r\n"));
    }

    @Test
    void messageOfExactlyTheMaximumSizeIsAccepted() {
        smtp = SmtpDialogue.with(SmtpDialogue.config().maxMessageSize(100).build());
        openData();
        String line = "x".repeat(48) + "\r\n"; // 50 octets
        assertEquals("250 2.0.0 Ok: queued as Q1\r\n", smtp.send(line + line + ".\r\n"));
        assertEquals(line + line, body());
    }

    @Test
    void dotStuffingDoesNotCountTowardsTheSize() {
        smtp = SmtpDialogue.with(SmtpDialogue.config().maxMessageSize(11).build());
        openData();
        assertEquals("250 2.0.0 Ok: queued as Q1\r\n", smtp.send("..12345\r\n..\r\n.\r\n")); // 8 + 3 octets
    }

    @Test
    void moreThanFiftyReceivedHeadersIsAMailLoop() {
        openData();
        String hops = "Received: from a by b; " + SmtpDialogue.DATE + "\r\n";
        assertEquals("554 5.4.6 Too many hops (mail loop detected)\r\n",
                smtp.send(hops.repeat(50) + "rEcEiVeD: from c by d\r\nSubject: loop\r\n\r\nbody\r\n.\r\n"));
        assertFalse(smtp.listeners.events.stream().anyMatch(e -> e.startsWith("data")));
    }

    @Test
    void fiftyReceivedHeadersAndReceivedLinesInTheBodyAreFine() {
        openData();
        String hops = "Received: from a by b; " + SmtpDialogue.DATE + "\r\n";
        assertEquals("250 2.0.0 Ok: queued as Q1\r\n", smtp.send(
                hops.repeat(50) + "X-Received: no\r\n Received: folded, not a header\r\n\r\n" + hops.repeat(10)
                        + ".\r\n"));
    }

    @Test
    void largeMessageIsSpooledAndReadBackWhole() {
        openData(); // the harness spools to a file above 64 octets
        String body = "line of a larger message, well past the memory threshold\r\n".repeat(2000);
        assertEquals("250 2.0.0 Ok: queued as Q1\r\n", smtp.send(body + ".\r\n"));
        assertEquals(body, body());
    }
}
