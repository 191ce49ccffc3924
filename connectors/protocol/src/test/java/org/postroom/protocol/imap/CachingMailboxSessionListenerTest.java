package org.postroom.protocol.imap;

import org.postroom.connector.api.imap.MailboxKey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.postroom.connector.api.imap.ImapFlags;

/**
 * FETCH with body sections through the session's {@link CachingMailboxSessionListener} over the shared {@link
 * MessageCache} (ADR 0020, ADR 0032): hits make no store call and show the view's flags, misses and read-ahead are
 * counted in store calls, exact bytes; answers on the network thread make no listener call at all.
 */
class CachingMailboxSessionListenerTest {

    private static final long READ_AHEAD = CachingMailboxSessionListener.READ_AHEAD_BYTES;
    private static final long BATCH = FetchCommand.CONTENT_BATCH_BYTES;

    private final InMemoryMailStore store = ImapDialogue.aliceStore();
    private final MessageCache cache = new MessageCache(1 << 20);

    private static String numbered(int n) {
        return "Subject: m" + n + "\r\n\r\nbody " + n + "\r\n";
    }

    private void deliverNumbered(int count) {
        for (int n = 1; n <= count; n++) {
            store.deliver("alice", "INBOX", numbered(n));
        }
    }

    private static String padded(int n, int bytes) {
        String head = "Subject: m" + n + "\r\n\r\n";
        return head + "x".repeat(bytes - head.length() - 2) + "\r\n";
    }

    private ImapDialogue session() {
        return ImapDialogue.overTls(store, cache).loggedIn().selected("INBOX");
    }

    private int totalCalls() {
        synchronized (store) {
            return store.calls.values().stream().mapToInt(AtomicInteger::get).sum();
        }
    }

    private static String body(long uid, String message) {
        return "* " + uid + " FETCH (UID " + uid + " BODY[] {" + message.length() + "}\r\n" + message + ")\r\n";
    }

    @Test
    void aSecondUidFetchOfTheSameMessageMakesNoListenerCall() {
        store.deliver("alice", "INBOX", Mails.SIMPLE);
        store.deliver("alice", "INBOX", Mails.MULTIPART);
        ImapDialogue d = session();
        String expected = body(1, Mails.SIMPLE);
        assertEquals(expected + "a OK UID FETCH completed\r\n", d.send("a UID FETCH 1 (BODY.PEEK[])\r\n"));
        assertEquals(List.of("1:2/" + READ_AHEAD), store.contentRequests);
        int calls = totalCalls();
        assertEquals(expected + "b OK UID FETCH completed\r\n", d.send("b UID FETCH 1 (BODY.PEEK[])\r\n"));
        assertEquals(body(2, Mails.MULTIPART) + "c OK UID FETCH completed\r\n",
                d.send("c UID FETCH 2 (BODY.PEEK[])\r\n"));
        assertEquals(calls, totalCalls(), "no listener call of any kind");
        assertEquals(1, store.callCount("fetchWithContent"));
    }

    @Test
    void aHitShowsTheFlagsOfTheViewNotThoseOfWhenItWasCached() {
        store.deliver("alice", "INBOX", Mails.SIMPLE);
        ImapDialogue d = session();
        d.send("a FETCH 1 (BODY.PEEK[])\r\n");
        assertEquals("* 1 FETCH (FLAGS (\\Flagged \\Recent))\r\nb OK STORE completed\r\n",
                d.send("b STORE 1 +FLAGS (\\Flagged)\r\n"));
        assertEquals("* 1 FETCH (FLAGS (\\Flagged \\Recent) BODY[] {155}\r\n" + Mails.SIMPLE + ")\r\n"
                + "c OK FETCH completed\r\n", d.send("c FETCH 1 (FLAGS BODY.PEEK[])\r\n"));
        d.send("d STORE 1 FLAGS ($Later)\r\n");
        assertEquals("* 1 FETCH (UID 1 FLAGS (\\Recent $Later) BODY[] {155}\r\n" + Mails.SIMPLE + ")\r\n"
                + "e OK UID FETCH completed\r\n", d.send("e UID FETCH 1 (FLAGS BODY.PEEK[])\r\n"));
        assertEquals(1, store.callCount("fetchWithContent"));
    }

    @Test
    void bodyOnACachedMessageStillSetsSeenInTheStoreAndReportsFlags() {
        store.deliver("alice", "INBOX", Mails.SIMPLE);
        ImapDialogue d = session();
        d.send("a UID FETCH 1 (BODY.PEEK[])\r\n");
        int stores = store.callCount("store");
        assertEquals("* 1 FETCH (BODY[] {155}\r\n" + Mails.SIMPLE + " FLAGS (\\Seen \\Recent))\r\n"
                + "b OK FETCH completed\r\n", d.send("b FETCH 1 BODY[]\r\n"));
        assertEquals(stores + 1, store.callCount("store"));
        assertEquals(Set.of(ImapFlags.SEEN), store.flagsOf("alice", "INBOX", 1));
        assertEquals("* 1 FETCH (BODY[] {155}\r\n" + Mails.SIMPLE + ")\r\nc OK FETCH completed\r\n",
                d.send("c FETCH 1 BODY[]\r\n"), "already seen: no store call, no FLAGS");
        assertEquals(stores + 1, store.callCount("store"));
        assertEquals("* 1 FETCH (FLAGS (\\Seen \\Recent))\r\nd OK FETCH completed\r\n", d.send("d FETCH 1 FLAGS\r\n"));
        assertEquals(1, store.callCount("fetchWithContent"));
    }

    @Test
    void readingOneMessageAfterTheOtherCostsOneStoreCallPer32() {
        deliverNumbered(40);
        ImapDialogue d = session();
        assertEquals(body(1, numbered(1)) + "t1 OK UID FETCH completed\r\n",
                d.send("t1 UID FETCH 1 (BODY.PEEK[])\r\n"));
        assertEquals(List.of("1:32/" + READ_AHEAD), store.contentRequests);
        for (int uid = 2; uid <= 32; uid++) {
            assertEquals(body(uid, numbered(uid)) + "t" + uid + " OK UID FETCH completed\r\n",
                    d.send("t" + uid + " UID FETCH " + uid + " (BODY.PEEK[])\r\n"));
        }
        assertEquals(1, store.callCount("fetchWithContent"), "UIDs 2 to 32 were read ahead");
        assertEquals(body(33, numbered(33)) + "u OK UID FETCH completed\r\n",
                d.send("u UID FETCH 33 (BODY.PEEK[])\r\n"));
        assertEquals(List.of("1:32/" + READ_AHEAD, "33:40/" + READ_AHEAD), store.contentRequests);
    }

    @Test
    void readAheadIsBoundedTo256KiBAndSkipsCachedMessages() {
        for (int n = 1; n <= 5; n++) {
            store.deliver("alice", "INBOX", padded(n, 100 * 1024));
        }
        ImapDialogue d = session();
        d.send("a UID FETCH 1 (BODY.PEEK[])\r\n");
        d.send("b UID FETCH 2 (BODY.PEEK[])\r\n");
        assertEquals(1, store.callCount("fetchWithContent"), "1 and 2 fit in 256 KiB");
        d.send("c UID FETCH 4 (BODY.PEEK[])\r\n");
        d.send("d UID FETCH 3 (BODY.PEEK[])\r\n");
        assertEquals(List.of("1:5/" + READ_AHEAD, "4:5/" + READ_AHEAD, "3/" + BATCH), store.contentRequests,
                "read-ahead asks only for what is not cached: after 3 nothing is left to read ahead");
    }

    @Test
    void aFetchOfMoreThanAFewMessagesDoesNotReadAhead() {
        deliverNumbered(10);
        ImapDialogue d = session();
        d.send("a UID FETCH 1:5 (BODY.PEEK[])\r\n");
        assertEquals(List.of("1:5/" + BATCH), store.contentRequests);
    }

    @Test
    void theByteBoundEvictsTheLeastRecentlyUsedAndAnEighthIsTheLargestEntry() {
        MessageCache small = new MessageCache(8 * 1024);
        for (int n = 1; n <= 20; n++) {
            store.deliver("alice", "INBOX", padded(n, 600));
        }
        store.deliver("alice", "INBOX", padded(21, 2000));
        ImapDialogue d = ImapDialogue.overTls(store, small).loggedIn().selected("INBOX");
        d.send("a FETCH 1:* (BODY.PEEK[])\r\n");
        assertEquals(List.of("1:21/" + BATCH), store.contentRequests);
        assertTrue(small.weightBytes() <= 8 * 1024, "bound: " + small.weightBytes());
        assertEquals(9, small.size(), "nine entries of 856 bytes fit in 8 KiB");
        d.send("b UID FETCH 20 (BODY.PEEK[])\r\n");
        assertEquals(1, store.callCount("fetchWithContent"), "20 is among the most recent");
        assertFalse(small.contains(d.session().selected().key(), 21), "2,256 bytes: more than an eighth");
        d.send("c UID FETCH 21 (BODY.PEEK[])\r\n");
        d.send("d UID FETCH 21 (BODY.PEEK[])\r\n");
        assertEquals(3, store.callCount("fetchWithContent"), "never cached, fetched each time");
        d.send("e UID FETCH 1 (BODY.PEEK[])\r\n");
        assertEquals(4, store.callCount("fetchWithContent"), "1 was evicted");
    }

    @Test
    void capacityZeroDisablesTheCacheAndTheReadAhead() {
        deliverNumbered(3);
        MessageCache off = new MessageCache(0);
        ImapDialogue d = ImapDialogue.overTls(store, off).loggedIn().selected("INBOX");
        assertEquals(body(1, numbered(1)) + "a OK UID FETCH completed\r\n", d.send("a UID FETCH 1 (BODY.PEEK[])\r\n"));
        assertEquals(body(1, numbered(1)) + "b OK UID FETCH completed\r\n", d.send("b UID FETCH 1 (BODY.PEEK[])\r\n"));
        assertEquals(List.of("1/" + BATCH, "1/" + BATCH), store.contentRequests);
        assertEquals(0, off.size());
    }

    @Test
    void twoSessionsOnTheSameMailboxShareTheCache() {
        store.deliver("alice", "INBOX", Mails.SIMPLE);
        ImapDialogue a = session();
        ImapDialogue b = session();
        assertEquals(a.session().selected().key(), b.session().selected().key());
        a.send("a UID FETCH 1 (BODY.PEEK[])\r\n");
        assertEquals(body(1, Mails.SIMPLE) + "b OK UID FETCH completed\r\n", b.send("b UID FETCH 1 (BODY.PEEK[])\r\n"));
        assertEquals(1, store.callCount("fetchWithContent"));
    }

    @Test
    void aBulkFetchAnswersCachedAndStoredMessagesOnceEachInOrder() {
        deliverNumbered(10);
        ImapDialogue d = session();
        d.send("a UID FETCH 2,4,6,8,10 (BODY.PEEK[])\r\n");
        assertEquals(List.of("2,4,6,8,10/" + BATCH), store.contentRequests);
        StringBuilder expected = new StringBuilder();
        for (int uid = 1; uid <= 10; uid++) {
            expected.append(body(uid, numbered(uid)));
        }
        assertEquals(expected + "b OK UID FETCH completed\r\n", d.send("b UID FETCH 1:* (BODY.PEEK[])\r\n"));
        assertEquals(List.of("2,4,6,8,10/" + BATCH, "1,3,5,7,9/" + BATCH), store.contentRequests);
        assertEquals(expected + "c OK UID FETCH completed\r\n", d.send("c UID FETCH 1:* (BODY.PEEK[])\r\n"));
        assertEquals(2, store.callCount("fetchWithContent"), "all cached now");
    }

    @Test
    void aStructureItemOnAnEntryCachedWithoutStructureReadsItAgain() {
        store.deliver("alice", "INBOX", Mails.SIMPLE);
        store.deliver("alice", "INBOX", Mails.MULTIPART);
        ImapDialogue d = session();
        d.send("a UID FETCH 2 (BODY.PEEK[])\r\n");
        assertEquals("* 2 FETCH (UID 2 BODY[1] {26}\r\nCaf=C3=A9 numbers attached)\r\nb OK UID FETCH completed\r\n",
                d.send("b UID FETCH 2 (BODY.PEEK[1])\r\n"));
        assertEquals(List.of("2/" + BATCH, "2/" + BATCH), store.contentRequests);
        assertEquals("* 2 FETCH (UID 2 BODY[1] {26}\r\nCaf=C3=A9 numbers attached)\r\nc OK UID FETCH completed\r\n",
                d.send("c UID FETCH 2 (BODY.PEEK[1])\r\n"));
        d.send("d UID FETCH 2 (BODY.PEEK[])\r\n");
        assertEquals(2, store.callCount("fetchWithContent"), "now cached with its structure");
    }

    @Test
    void anotherSessionsExpungeOnTheSameCacheLeavesOutTheMessageAtOnce() {
        deliverNumbered(3);
        ImapDialogue d = session();
        d.send("a UID FETCH 1:3 (BODY.PEEK[])\r\n");
        ImapDialogue other = session();
        other.send("b STORE 2 +FLAGS.SILENT (\\Deleted)\r\n");
        other.send("c EXPUNGE\r\n");
        assertEquals("d OK UID FETCH completed\r\n", d.send("d UID FETCH 2 (BODY.PEEK[])\r\n"));
        assertEquals(2, store.callCount("fetchWithContent"), "a miss: asked of the store, which no longer has it");
    }

    @Test
    void expungedMessagesLeaveTheCache() {
        deliverNumbered(3);
        ImapDialogue d = session();
        MailboxKey key = d.session().selected().key();
        d.send("a UID FETCH 1 (BODY.PEEK[])\r\n");
        assertTrue(cache.contains(key, 1) && cache.contains(key, 2) && cache.contains(key, 3));
        d.send("b STORE 1 +FLAGS.SILENT (\\Deleted)\r\n");
        assertEquals("* 1 EXPUNGE\r\nc OK EXPUNGE completed\r\n", d.send("c EXPUNGE\r\n"));
        assertFalse(cache.contains(key, 1));
        ImapDialogue other = session();
        other.send("d STORE 1 +FLAGS.SILENT (\\Deleted)\r\n");
        other.send("e EXPUNGE\r\n");
        assertFalse(cache.contains(key, 2), "this session's own expunge");
        assertTrue(cache.contains(key, 3));
        assertEquals("* 1 EXPUNGE\r\nf OK NOOP completed\r\n", d.send("f NOOP\r\n"));
    }

    @Test
    void aMessageExpungedElsewhereIsLeftOutOnAMissAndMayStillBeServedOnAHit() {
        // RFC 2180 section 4.1.2: until the expunge is announced the message keeps its number, and serving its
        // content is allowed. An expunge through this cache drops the entry at once; this one comes from another
        // server (or POP3), which has a cache of its own.
        deliverNumbered(8);
        ImapDialogue d = session();
        d.send("a UID FETCH 1:5 (BODY.PEEK[])\r\n");
        ImapDialogue other = ImapDialogue.overTls(store, new MessageCache(1 << 20)).loggedIn().selected("INBOX");
        other.send("b STORE 5:6 +FLAGS.SILENT (\\Deleted)\r\n");
        other.send("c EXPUNGE\r\n");
        assertEquals(body(5, numbered(5)) + "d OK UID FETCH completed\r\n", d.send("d UID FETCH 5 (BODY.PEEK[])\r\n"));
        assertEquals("e OK UID FETCH completed\r\n", d.send("e UID FETCH 6 (BODY.PEEK[])\r\n"));
        assertEquals(body(7, numbered(7)) + "f OK UID FETCH completed\r\n", d.send("f UID FETCH 7 (BODY.PEEK[])\r\n"));
    }

    // ---- answered on the network thread (receiveWithoutBlocking): hits only, nothing that could block

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aCachedFetchIsAnsweredWithoutBlockingAndTheSameBytesAsOnTheLane() {
        deliverNumbered(3);
        ImapDialogue d = session();
        d.send("a UID FETCH 1 (BODY.PEEK[])\r\n");
        int calls = totalCalls();
        ByteBuffer in = ascii("b UID FETCH 2 (BODY.PEEK[])\r\nc FETCH 3 (FLAGS BODY.PEEK[])\r\n");
        assertEquals(body(2, numbered(2)) + "b OK UID FETCH completed\r\n"
                + "* 3 FETCH (FLAGS (\\Recent) BODY[] {" + numbered(3).length() + "}\r\n" + numbered(3) + ")\r\n"
                + "c OK FETCH completed\r\n", d.driver.receiveWithoutBlocking(in).text());
        assertFalse(in.hasRemaining());
        assertEquals(calls, totalCalls(), "no listener call");
    }

    @Test
    void whatMightBlockIsLeftForTheLaneUnconsumed() {
        deliverNumbered(3);
        store.deliver("alice", "INBOX", padded(4, 300 * 1024));
        ImapDialogue d = session();
        d.send("a UID FETCH 1:4 (BODY.PEEK[])\r\n");
        int calls = totalCalls();
        for (String command : List.of(
                "b UID FETCH 1 (FLAGS)\r\n", // no content: metadata comes from the store
                "c FETCH 1 BODY[]\r\n", // sets \\Seen: a store call
                "d UID FETCH 4 (BODY.PEEK[])\r\n", // more than 256 KiB on the network thread
                "e UID FETCH 1:2 (BODY.PEEK[1])\r\n", // cached without structure
                "f NOOP\r\n",
                "g FETCH 9 (BODY.PEEK[])\r\n", // BAD: the lane answers it
                "h UID FETCH 1 (BODY.PEEK[]", // no line end yet
                "i UID FETCH 1 (BODY.PEEK[HEADER.FIELDS {4}\r\n")) {
            ByteBuffer in = ascii(command);
            assertEquals("", d.driver.receiveWithoutBlocking(in).text(), command);
            assertEquals(0, in.position(), command);
        }
        assertEquals(calls, totalCalls());
        ByteBuffer in = ascii("j UID FETCH 1 (BODY.PEEK[])\r\nk NOOP\r\nl UID FETCH 2 (BODY.PEEK[])\r\n");
        assertEquals(body(1, numbered(1)) + "j OK UID FETCH completed\r\n",
                d.driver.receiveWithoutBlocking(in).text(), "stops at the first command for the lane");
        assertEquals("k NOOP\r\nl UID FETCH 2 (BODY.PEEK[])\r\n", StandardCharsets.ISO_8859_1.decode(in).toString());
    }

    @Test
    void aSeenMessageFetchedWithBodyIsAnsweredWithoutBlocking() {
        deliverNumbered(1);
        ImapDialogue d = session();
        d.send("a FETCH 1 BODY[]\r\n");
        assertEquals("* 1 FETCH (BODY[] {" + numbered(1).length() + "}\r\n" + numbered(1) + ")\r\n"
                + "b OK FETCH completed\r\n", d.driver.receiveWithoutBlocking(ascii("b FETCH 1 BODY[]\r\n")).text());
    }

    @Test
    void pendingMailboxChangesSendTheFetchToTheLane() {
        deliverNumbered(2);
        ImapDialogue d = session();
        d.send("a UID FETCH 1 (BODY.PEEK[])\r\n");
        store.deliver("alice", "INBOX", numbered(3));
        assertEquals("", d.driver.mailboxChanged().text());
        ByteBuffer in = ascii("b UID FETCH 2 (BODY.PEEK[])\r\n");
        assertEquals("", d.driver.receiveWithoutBlocking(in).text(), "UID FETCH may announce the new message");
        assertEquals(body(2, numbered(2)) + "* 3 EXISTS\r\n* 3 RECENT\r\nb OK UID FETCH completed\r\n",
                d.driver.receive(in).text());
    }

    @Test
    void nothingIsAnsweredWithoutBlockingOutsideTheSelectedState() {
        deliverNumbered(1);
        ImapDialogue d = ImapDialogue.overTls(store, cache).loggedIn();
        ByteBuffer in = ascii("a FETCH 1 (BODY.PEEK[])\r\n");
        assertEquals("", d.driver.receiveWithoutBlocking(in).text());
        assertEquals(0, in.position());
    }

    // ---- the decorator called directly

    @Test
    void aHitCarriesTheViewsFlagsAndTheCachedBytesUncopiedAndOnlyMissesReachTheStore() throws Exception {
        deliverNumbered(6);
        ImapDialogue d = session();
        d.send("a UID FETCH 2,4 (BODY.PEEK[])\r\n");
        d.send("b STORE 2 +FLAGS.SILENT (\\Flagged)\r\n");
        CachingMailboxSessionListener listener = (CachingMailboxSessionListener) d.session().listener();
        MailboxKey key = d.session().selected().key();
        byte[] cachedTwo = cache.get(key, 2, false).orElseThrow().content();
        store.contentRequests.clear();
        List<org.postroom.connector.api.imap.FetchedMessage> got = listener.fetchWithContent(
                d.session().authenticatedUser(), key, org.postroom.connector.api.imap.UidSet.range(1, 6), false,
                FetchCommand.CONTENT_BATCH_BYTES);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), got.stream().map(m -> m.metadata().uid()).toList());
        assertEquals(List.of("1,3/" + BATCH), store.contentRequests,
                "the store is asked for the misses only (5 and 6 were read ahead)");
        assertTrue(got.get(1).content() == cachedTwo, "a hit hands out the cached array, not a copy");
        assertEquals(Set.of(ImapFlags.FLAGGED), got.get(1).metadata().flags(), "the view's flags");
    }

    @Test
    void withoutBlockingEveryStoreCallIsRefusedBeforeItReachesTheStore() throws Exception {
        deliverNumbered(2);
        ImapDialogue d = session();
        d.send("a UID FETCH 1 (BODY.PEEK[])\r\n");
        CachingMailboxSessionListener listener = (CachingMailboxSessionListener) d.session().listener();
        MailboxKey key = d.session().selected().key();
        var user = d.session().authenticatedUser();
        int calls = totalCalls();
        listener.nonBlocking(true);
        try {
            assertEquals(1, listener.fetchWithContent(user, key, org.postroom.connector.api.imap.UidSet.of(1), false,
                    BATCH).size(), "a hit answers");
            org.junit.jupiter.api.Assertions.assertThrows(CachingMailboxSessionListener.WouldBlock.class,
                    () -> listener.fetchWithContent(user, key, org.postroom.connector.api.imap.UidSet.of(1, 3),
                            false, BATCH),
                    "3 is not cached");
            org.junit.jupiter.api.Assertions.assertThrows(CachingMailboxSessionListener.WouldBlock.class,
                    () -> listener.fetch(user, key, org.postroom.connector.api.imap.UidSet.of(1), false));
            org.junit.jupiter.api.Assertions.assertThrows(CachingMailboxSessionListener.WouldBlock.class,
                    () -> listener.changesSince(user, key, 0, false));
        } finally {
            listener.nonBlocking(false);
        }
        assertEquals(calls, totalCalls(), "nothing reached the store");
    }
}
