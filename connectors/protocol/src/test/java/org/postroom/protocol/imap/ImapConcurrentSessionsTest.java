package org.postroom.protocol.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Two sessions on one mailbox, deliveries while selected, IDLE, and when EXPUNGE may be told. */
class ImapConcurrentSessionsTest {

    private final InMemoryMailStore store = ImapDialogue.aliceStore();

    private ImapDialogue[] twoSessionsOnInbox() {
        store.deliver("alice", "INBOX", Mails.SIMPLE);
        store.deliver("alice", "INBOX", Mails.MULTIPART);
        store.deliver("alice", "INBOX", Mails.FORWARD);
        ImapDialogue a = ImapDialogue.overTls(store).loggedIn().selected("INBOX");
        ImapDialogue b = ImapDialogue.overTls(store).loggedIn();
        String selectB = b.send("S SELECT INBOX\r\n");
        assertTrue(selectB.contains("* 0 RECENT\r\n"), "the first session claimed \\Recent: " + selectB);
        return new ImapDialogue[]{a, b};
    }

    @Test
    void noopShowsTheOtherSessionsFlagChangesAndExpunges() {
        ImapDialogue[] s = twoSessionsOnInbox();
        s[0].send("a STORE 2 +FLAGS (\\Flagged)\r\n");
        s[0].send("b STORE 1 +FLAGS.SILENT (\\Deleted)\r\n");
        s[0].send("c EXPUNGE\r\n");
        assertEquals("* 1 EXPUNGE\r\n* 1 FETCH (FLAGS (\\Flagged))\r\nn OK NOOP completed\r\n",
                s[1].send("n NOOP\r\n"));
        assertEquals("o OK NOOP completed\r\n", s[1].send("o NOOP\r\n"));
    }

    @Test
    void deliveryIsAnnouncedWithExistsAndRecentOnlyToTheFirstSessionThatSeesIt() {
        ImapDialogue[] s = twoSessionsOnInbox();
        store.deliver("alice", "INBOX", Mails.SIMPLE);
        assertEquals("* 4 EXISTS\r\n* 1 RECENT\r\nn OK NOOP completed\r\n", s[1].send("n NOOP\r\n"));
        assertEquals("* 4 EXISTS\r\nm OK CHECK completed\r\n", s[0].send("m CHECK\r\n"));
        assertEquals("* SEARCH 4\r\nr OK SEARCH completed\r\n", s[1].send("r SEARCH RECENT\r\n"));
    }

    @Test
    void expungeIsNotSentDuringFetchStoreOrSearchButAfterTheNextAllowedCommand() {
        // RFC 3501 section 7.4.1: numbering must not change under a FETCH, STORE or SEARCH
        ImapDialogue[] s = twoSessionsOnInbox();
        s[0].send("a STORE 1 +FLAGS.SILENT (\\Deleted)\r\n");
        s[0].send("b EXPUNGE\r\n");
        s[1].driver.mailboxChanged();
        assertEquals("* 3 FETCH (UID 3)\r\nf OK FETCH completed\r\n", s[1].send("f FETCH 3 UID\r\n"));
        assertEquals("* SEARCH 2 3\r\ng OK SEARCH completed\r\n", s[1].send("g SEARCH ALL\r\n"));
        assertEquals("* 1 EXPUNGE\r\nn OK NOOP completed\r\n", s[1].send("n NOOP\r\n"));
        assertEquals("* 2 FETCH (UID 3)\r\nh OK FETCH completed\r\n", s[1].send("h FETCH 2 UID\r\n"));
    }

    @Test
    void uidCommandsMayAnnounceExpungesOnceAChangeEventArrived() {
        ImapDialogue[] s = twoSessionsOnInbox();
        s[0].send("a STORE 3 +FLAGS.SILENT (\\Deleted)\r\n");
        s[0].send("b EXPUNGE\r\n");
        assertEquals("", s[1].driver.mailboxChanged().text());
        assertEquals("* 1 FETCH (UID 1)\r\n* 3 EXPUNGE\r\nf OK UID FETCH completed\r\n",
                s[1].send("f UID FETCH 1 UID\r\n"));
    }

    @Test
    void idleReportsChangesAsTheyArriveAndDoneEndsIt() {
        ImapDialogue[] s = twoSessionsOnInbox();
        assertEquals("+ idling\r\n", s[1].send("i IDLE\r\n"));
        assertEquals(ImapInputMode.IDLE, s[1].session().inputMode());
        store.deliver("alice", "INBOX", Mails.SIMPLE);
        assertEquals("* 4 EXISTS\r\n* 1 RECENT\r\n", s[1].driver.mailboxChanged().text());
        s[0].send("a STORE 1 +FLAGS.SILENT (\\Seen)\r\n");
        assertEquals("* 1 FETCH (FLAGS (\\Seen))\r\n", s[1].driver.mailboxChanged().text());
        assertEquals("", s[1].driver.mailboxChanged().text());
        assertEquals("i OK IDLE terminated\r\n", s[1].send("DONE\r\n"));
        assertEquals(ImapInputMode.COMMAND, s[1].session().inputMode());
    }

    @Test
    void idleFirstReportsWhatIsPending() {
        ImapDialogue[] s = twoSessionsOnInbox();
        store.deliver("alice", "INBOX", Mails.SIMPLE);
        assertEquals("* 4 EXISTS\r\n* 1 RECENT\r\n+ idling\r\n", s[1].send("i IDLE\r\n"));
    }

    @Test
    void anythingButDoneDuringIdleIsBadAndEndsIt() {
        ImapDialogue[] s = twoSessionsOnInbox();
        s[1].send("i IDLE\r\n");
        assertEquals("i BAD Expected DONE\r\nn OK NOOP completed\r\n", s[1].send("x NOOP\r\nn NOOP\r\n"));
    }

    @Test
    void changesAreNotPushedOutsideIdle() {
        ImapDialogue[] s = twoSessionsOnInbox();
        int polls = store.callCount("changesSince");
        store.deliver("alice", "INBOX", Mails.SIMPLE);
        assertEquals("", s[1].driver.mailboxChanged().text());
        assertEquals(polls, store.callCount("changesSince"));
        assertEquals("* 4 EXISTS\r\n* 1 RECENT\r\nn OK NOOP completed\r\n", s[1].send("n NOOP\r\n"));
    }

    @Test
    void deletedSelectedMailboxEndsTheSession() {
        ImapDialogue a = ImapDialogue.overTls(store).loggedIn();
        a.send("c CREATE Temp\r\n");
        a.selected("Temp");
        ImapDialogue b = ImapDialogue.overTls(store).loggedIn();
        b.send("d DELETE Temp\r\n");
        assertEquals("* BYE Selected mailbox no longer exists\r\nn OK NOOP completed\r\n", a.send("n NOOP\r\n"));
        assertTrue(a.lastOutput().close());
    }
}
