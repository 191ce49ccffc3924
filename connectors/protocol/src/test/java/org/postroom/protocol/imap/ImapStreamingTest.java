package org.postroom.protocol.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A long FETCH leaves through the stream while it is produced, in pieces that end between responses. */
class ImapStreamingTest {

    private static String padded(int n, int bytes) {
        String head = "Subject: m" + n + "\r\n\r\n";
        return head + "x".repeat(bytes - head.length() - 2) + "\r\n";
    }

    private static InMemoryMailStore storeWith(int messages, int bytes) {
        InMemoryMailStore store = ImapDialogue.aliceStore();
        for (int n = 1; n <= messages; n++) {
            store.deliver("alice", "INBOX", padded(n, bytes));
        }
        return store;
    }

    private static ImapDialogue session(InMemoryMailStore store, MessageCache cache) {
        return ImapDialogue.overTls(store, cache).loggedIn().selected("INBOX");
    }

    @Test
    void aLongFetchIsStreamedInPiecesThatEndBetweenResponsesAndAddUpToTheSameBytes() {
        InMemoryMailStore store = storeWith(200, 20_000);
        String whole = session(store, new MessageCache(0)).send("a UID FETCH 1:* (BODY.PEEK[])\r\n");

        ImapDialogue streamed = session(store, new MessageCache(0));
        List<byte[]> pieces = new ArrayList<>();
        streamed.driver.streamTo(pieces::add);
        String rest = streamed.send("a UID FETCH 1:* (BODY.PEEK[])\r\n");

        assertTrue(pieces.size() >= 5, "200 x 20 KB in pieces of about 128 KiB: " + pieces.size());
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : pieces) {
            assertTrue(p.length >= ImapSession.STREAM_BYTES && p.length < ImapSession.STREAM_BYTES + 21_000);
            String text = new String(p, StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("* ") && text.endsWith(")\r\n"), "whole responses only");
            all.writeBytes(p);
        }
        assertTrue(rest.endsWith("a OK UID FETCH completed\r\n"), "the tagged reply comes with the return");
        all.writeBytes(rest.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(whole, all.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void smallRepliesAndCachedFetchesOnTheNetworkThreadAreNeverStreamed() {
        InMemoryMailStore store = storeWith(3, 60_000);
        ImapDialogue d = session(store, new MessageCache(1 << 22));
        List<byte[]> pieces = new ArrayList<>();
        d.driver.streamTo(pieces::add);
        d.send("a UID FETCH 1 (BODY.PEEK[])\r\n"); // reads 1..3 ahead into the cache: 60 KB, under a piece
        assertEquals(0, pieces.size());
        // all three cached, 180 KB: answered on the network thread, where nothing may wait for the network
        String answer = d.driver.receiveWithoutBlocking(java.nio.ByteBuffer.wrap(
                "b UID FETCH 1:3 (BODY.PEEK[])\r\n".getBytes(StandardCharsets.US_ASCII))).text();
        assertTrue(answer.endsWith("b OK UID FETCH completed\r\n"),
                answer.substring(Math.max(0, answer.length() - 80)));
        assertEquals(0, pieces.size());
        // the same on the lane streams
        d.send("c UID FETCH 1:3 (BODY.PEEK[])\r\n");
        assertEquals(1, pieces.size());
    }

    @Test
    void aStreamedFetchNeverOvertakesTheRepliesToCommandsBeforeItInTheSameInput() {
        InMemoryMailStore store = storeWith(20, 20_000);
        ImapDialogue d = ImapDialogue.overTls(store, new MessageCache(0)).loggedIn();
        List<byte[]> pieces = new ArrayList<>();
        d.driver.streamTo(pieces::add);
        String rest = d.send("s SELECT INBOX\r\nn NOOP\r\nf UID FETCH 1:* (BODY.PEEK[])\r\nm NOOP\r\n");
        String first = new String(pieces.get(0), StandardCharsets.ISO_8859_1);
        assertTrue(first.startsWith("* FLAGS") && first.contains("* 20 EXISTS")
                && first.endsWith("n OK NOOP completed\r\n"), first);
        assertTrue(new String(pieces.get(1), StandardCharsets.ISO_8859_1).startsWith("* 1 FETCH (UID 1 BODY[]"));
        assertTrue(rest.endsWith("f OK UID FETCH completed\r\nm OK NOOP completed\r\n"), rest);
    }

    @Test
    void aFailedLoginsDelayIsNotOvertakenByAStreamedFetch() {
        InMemoryMailStore store = storeWith(20, 20_000);
        org.postroom.protocol.AuthFailurePolicy oneSecond = new org.postroom.protocol.AuthFailurePolicy() {
            @Override
            public java.time.Duration failed(java.net.InetAddress client) {
                return java.time.Duration.ofSeconds(1);
            }

            @Override
            public void succeeded(java.net.InetAddress client) {
            }
        };
        ImapDialogue d = new ImapDialogue(store, new ImapConfig("mail.example.org", false, false, true, 1 << 20),
                new java.net.InetSocketAddress("192.0.2.7", 50000), oneSecond);
        List<byte[]> pieces = new ArrayList<>();
        d.driver.streamTo(pieces::add);
        ImapOutput out = d.driver.receive(("a LOGIN alice wrong\r\nb LOGIN alice secret"
                + "\r\nc SELECT INBOX\r\nf UID FETCH 1:* (BODY.PEEK[])\r\n").getBytes(StandardCharsets.US_ASCII));
        assertEquals(0, pieces.size(), "everything waits out the delay together");
        assertTrue(!out.delay().isZero());
        assertTrue(out.text().endsWith("f OK UID FETCH completed\r\n"));
    }
}
