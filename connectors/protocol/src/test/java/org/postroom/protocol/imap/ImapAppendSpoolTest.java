package org.postroom.protocol.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postroom.protocol.AuthFailurePolicy;
import org.postroom.protocol.ConnectionsPerUserAndAddress;
import org.postroom.protocol.smtp.ThresholdSpoolFactory;

/**
 * Issue 14: an APPEND of a large message used to be held in the heap several times over while it arrived. Now its
 * literal goes to a spool file as it arrives, and the file is deleted on every path (ADR 0070).
 */
class ImapAppendSpoolTest {

    private static final int MAX_MESSAGE = 4 << 20;
    private static final int BIG = ImapSessionDriver.SPOOL_THRESHOLD * 4; // 1 MiB

    @TempDir
    Path spool;

    private final InMemoryMailStore store = ImapDialogue.aliceStore();

    private ImapDialogue dialogue(Path spoolDirectory) {
        ImapProtocol protocol = new ImapProtocol(new ImapConfig(ImapDialogue.HOST, false, false, true, MAX_MESSAGE),
                store, AuthFailurePolicy.NONE, () -> "S1", new MessageCache(0), ConnectionsPerUserAndAddress.UNLIMITED,
                new ThresholdSpoolFactory(spoolDirectory, 0, "imap"));
        return new ImapDialogue(store, protocol, ImapDialogue.REMOTE).loggedIn();
    }

    /** A message of exactly {@code size} octets, CRLF lines of printable text. */
    private static String message(int size) {
        StringBuilder b = new StringBuilder("Subject: big\r\n\r\n");
        String line = "0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ\r\n";
        while (b.length() + line.length() <= size) {
            b.append(line);
        }
        b.append("x".repeat(size - b.length()));
        return b.toString();
    }

    private List<Path> spoolFiles() throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            return files.toList();
        }
    }

    @Test
    void largeAppendLiteralIsWrittenToASpoolFileAsItArrivesAndDeletedOnceStored() throws IOException {
        ImapDialogue d = dialogue(spool);
        String message = message(BIG);
        assertEquals("+ Ready for literal data\r\n", d.send("a APPEND INBOX {" + BIG + "}\r\n"));
        assertEquals("", d.send(message.substring(0, BIG / 2)));
        List<Path> files = spoolFiles();
        assertEquals(1, files.size(), files.toString());
        assertTrue(files.get(0).getFileName().toString().startsWith("postroom-imap-"), files.toString());
        assertEquals(BIG / 2, Files.size(files.get(0)), "the octets received so far are on disk");
        assertFalse(d.driver.assemblingCommand() && commandBufferHolds(d, BIG / 4), "not in the heap");

        assertEquals("a OK [APPENDUID 1000 1] APPEND completed\r\n", d.send(message.substring(BIG / 2) + "\r\n"));
        assertEquals(List.of(), spoolFiles());
        d.selected("INBOX");
        String fetched = d.send("f FETCH 1 BODY[]\r\n");
        assertTrue(fetched.startsWith("* 1 FETCH (FLAGS (\\Seen) BODY[] {" + BIG + "}\r\n" + message + ")\r\n")
                || fetched.startsWith("* 1 FETCH (BODY[] {" + BIG + "}\r\n" + message), fetched.substring(0, 80));
    }

    /** The driver's command buffer, read through the one test hook it has: true when it holds over {@code bytes}. */
    private static boolean commandBufferHolds(ImapDialogue d, int bytes) {
        try {
            var field = ImapSessionDriver.class.getDeclaredField("command");
            field.setAccessible(true);
            var buffer = (java.io.ByteArrayOutputStream) field.get(d.driver);
            return buffer != null && buffer.size() > bytes;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void nonSynchronizingLargeLiteralIsSpooledToo() throws IOException {
        ImapDialogue d = dialogue(spool);
        String message = message(BIG);
        assertEquals("a OK [APPENDUID 1000 1] APPEND completed\r\n",
                d.send("a APPEND INBOX (\\Seen) {" + BIG + "+}\r\n" + message + "\r\n"));
        assertEquals(List.of(), spoolFiles());
        assertEquals(1, store.size("alice", "INBOX"));
    }

    @Test
    void smallAppendStaysInMemory() throws IOException {
        ImapDialogue d = dialogue(spool);
        String message = message(ImapSessionDriver.SPOOL_THRESHOLD);
        assertEquals("+ Ready for literal data\r\n", d.send("a APPEND INBOX {" + message.length() + "}\r\n"));
        d.send(message.substring(0, 1000));
        assertEquals(List.of(), spoolFiles());
        assertEquals("a OK [APPENDUID 1000 1] APPEND completed\r\n", d.send(message.substring(1000) + "\r\n"));
    }

    @Test
    void spoolFileIsDeletedWhenTheStoreRefusesTheMessage() throws IOException {
        ImapDialogue d = dialogue(spool);
        String answer = d.send("a APPEND Nowhere {" + BIG + "+}\r\n" + message(BIG) + "\r\n");
        assertTrue(answer.startsWith("a NO [TRYCREATE] "), answer);
        assertEquals(List.of(), spoolFiles());
        assertEquals("b OK NOOP completed\r\n", d.send("b NOOP\r\n"));
    }

    @Test
    void spoolFileIsDeletedWhenTheCommandIsMalformedAfterTheLiteral() throws IOException {
        ImapDialogue d = dialogue(spool);
        String answer = d.send("a APPEND INBOX {" + BIG + "+}\r\n" + message(BIG) + " trailing junk\r\n");
        assertTrue(answer.startsWith("a BAD "), answer);
        assertEquals(List.of(), spoolFiles());
        assertEquals(0, store.callCount("append"));
    }

    @Test
    void spoolFileIsDeletedWhenTheClientDisconnectsMidLiteral() throws IOException {
        ImapDialogue d = dialogue(spool);
        d.send("a APPEND INBOX {" + BIG + "+}\r\n" + message(BIG / 2));
        assertEquals(1, spoolFiles().size());
        d.driver.close();
        assertEquals(List.of(), spoolFiles());
        assertEquals(0, store.callCount("append"));
    }

    @Test
    void spoolFileIsDeletedWhenALineTooLongAbandonsTheCommand() throws IOException {
        ImapDialogue d = dialogue(spool);
        String answer = d.send("a APPEND INBOX {" + BIG + "+}\r\n" + message(BIG) + " "
                + "x".repeat(ImapConfig.MAX_LINE_LENGTH + 10) + "\r\nb NOOP\r\n");
        assertTrue(answer.contains("BAD") && answer.endsWith("b OK NOOP completed\r\n"), answer);
        assertEquals(List.of(), spoolFiles());
        assertEquals(0, store.callCount("append"));
    }

    @Test
    void appendIsRefusedTemporarilyWhenTheSpoolCannotBeWrittenAndTheSessionGoesOn() throws IOException {
        // the data disk full or the spool directory gone: the octets are read and dropped, the client told to retry
        ImapDialogue d = dialogue(spool.resolve("missing"));
        assertEquals("+ Ready for literal data\r\n", d.send("a APPEND INBOX {" + BIG + "}\r\n"));
        assertEquals("a NO [UNAVAILABLE] Temporarily unavailable, try again later\r\n",
                d.send(message(BIG) + "\r\n"));
        assertEquals("b OK NOOP completed\r\n", d.send("b NOOP\r\n"));
        assertEquals(0, store.callCount("append"));
        assertEquals(List.of(), spoolFiles());
    }

    @Test
    void staleSpoolFilesOfAKilledServerAreRemovedAtStartButNotOtherFiles() throws IOException {
        Path stale = Files.writeString(spool.resolve("postroom-imap-1.eml"), "left by a killed server");
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.fromMillis(0));
        Path other = Files.writeString(spool.resolve("notes.txt"), "not ours", StandardCharsets.US_ASCII);
        Files.setLastModifiedTime(other, java.nio.file.attribute.FileTime.fromMillis(0));
        Path current = Files.writeString(spool.resolve("postroom-smtp-2.eml"), "a DATA in progress");
        assertEquals(1, ThresholdSpoolFactory.removeStale(spool));
        assertEquals(List.of(current, other).stream().sorted().toList(), spoolFiles().stream().sorted().toList());
    }
}
