package org.postroom.protocol.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: SMTP DATA was already streamed to a spool file beyond the memory threshold; these prove that it is, and
 * that the file is deleted on every path (success, refusal, size limit, disconnection), and that a spool that cannot
 * be written never ends in a 250.
 */
class SmtpSpoolTest {

    private static final String LINE = "a line of a larger message, well past the memory threshold of the harness\r\n";

    @TempDir
    Path spool;

    private List<Path> spoolFiles() throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            return files.toList();
        }
    }

    private SmtpDialogue openData(Path directory) {
        SmtpDialogue smtp = SmtpDialogue.mxSpoolingTo(directory);
        assertTrue(smtp.ehlo()
                .send("MAIL FROM:<bob@client.example>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n")
                .endsWith("354 End data with <CR><LF>.<CR><LF>\r\n"));
        return smtp;
    }

    @Test
    void dataBeyondTheThresholdIsOnDiskWhileItArrivesAndDeletedAfterThe250() throws IOException {
        SmtpDialogue smtp = openData(spool);
        assertEquals("", smtp.send("Subject: big\r\n\r\n" + LINE.repeat(1000)));
        List<Path> files = spoolFiles();
        assertEquals(1, files.size());
        assertTrue(Files.size(files.get(0)) > LINE.length() * 1000L, "the octets received so far are on disk");
        assertEquals("250 2.0.0 Ok: queued as Q1\r\n", smtp.send(LINE.repeat(1000) + ".\r\n"));
        assertEquals(List.of(), spoolFiles());
        smtp.closeAndCheckContract();
    }

    @Test
    void spoolIsDeletedWhenTheListenerRefusesTheContent() throws IOException {
        SmtpDialogue smtp = openData(spool);
        assertEquals("554 5.7.1 Message refused as spam\r\n",
                smtp.send("X-Spam: yes\r\n\r\n" + LINE.repeat(100) + ".\r\n"));
        assertEquals(List.of(), spoolFiles());
        smtp.closeAndCheckContract();
    }

    @Test
    void spoolIsDeletedWhenTheQueueFailsAtTheEnd() throws IOException {
        SmtpDialogue smtp = openData(spool);
        String answer = smtp.send("X-Fail-Done: yes\r\n\r\n" + LINE.repeat(100) + ".\r\n");
        assertTrue(answer.startsWith("451 4.3.0 "), answer);
        assertEquals(List.of(), spoolFiles());
        smtp.closeAndCheckContract();
    }

    @Test
    void spoolIsDeletedWhenTheMessageExceedsTheSizeLimit() throws IOException {
        SmtpDialogue smtp = openData(spool);
        String answer = smtp.send("Subject: huge\r\n\r\n" + LINE.repeat(15_000) + ".\r\n"); // over 1 MiB
        assertTrue(answer.startsWith("552 5.3.4 "), answer);
        assertEquals(List.of(), spoolFiles());
        assertEquals("250 2.0.0 Ok\r\n", smtp.send("RSET\r\n"));
        smtp.closeAndCheckContract();
    }

    @Test
    void spoolIsDeletedWhenTheClientDisconnectsInsideData() throws IOException {
        SmtpDialogue smtp = openData(spool);
        smtp.send("Subject: cut\r\n\r\n" + LINE.repeat(1000));
        assertEquals(1, spoolFiles().size());
        smtp.closeAndCheckContract();
        assertEquals(List.of(), spoolFiles());
    }

    @Test
    void aSpoolThatCannotBeWrittenEndsIn451NeverIn250() throws IOException {
        // the data disk full, or its spool directory gone: nothing was stored, so nothing may be acknowledged
        SmtpDialogue smtp = SmtpDialogue.mxSpoolingTo(spool.resolve("missing"));
        String answer = smtp.ehlo()
                .send("MAIL FROM:<bob@client.example>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n");
        assertTrue(answer.endsWith("451 4.3.0 Requested action aborted: local error in processing\r\n")
                || answer.matches("(?s).*\r\n451 4\\.3\\.0 [^\r\n]*\r\n"), answer);
        assertFalse(answer.contains("354"), answer);
        assertEquals("250 2.0.0 Ok\r\n", smtp.send("RSET\r\n"));
        smtp.closeAndCheckContract();
    }

    @Test
    void aFullDataDiskRefusesMailWith452AndTheSessionGoesOnOnceThereIsRoom() {
        boolean[] full = {true};
        long[] asked = {-1};
        SmtpDialogue smtp = SmtpDialogue.mxOnDisk(spool, bytes -> {
            asked[0] = bytes;
            return !full[0];
        });
        assertEquals("452 4.3.1 Insufficient system storage\r\n",
                smtp.ehlo().send("MAIL FROM:<bob@client.example> SIZE=5000\r\n"));
        assertEquals(5000, asked[0], "the declared size is asked about");
        full[0] = false;
        assertEquals("250 2.1.0 Ok\r\n", smtp.send("MAIL FROM:<bob@client.example>\r\n"));
        smtp.closeAndCheckContract();
    }

    @Test
    void aStoreThatFailsOnAFullDiskIsAnswered452NotTheGeneric451() throws IOException {
        boolean[] full = {false};
        SmtpDialogue smtp = SmtpDialogue.mxOnDisk(spool, bytes -> !full[0]);
        assertTrue(smtp.ehlo()
                .send("MAIL FROM:<bob@client.example>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n")
                .endsWith("354 End data with <CR><LF>.<CR><LF>\r\n"));
        full[0] = true; // the disk fills while the message arrives; the store then fails
        assertEquals("452 4.3.1 Insufficient system storage\r\n",
                smtp.send("X-Fail-Done: yes\r\n\r\n" + LINE.repeat(100) + ".\r\n"));
        assertEquals(List.of(), spoolFiles());
        smtp.closeAndCheckContract();
    }
}
