package org.postroom.protocol.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 3: every keyword a client is shown was announced first, in untagged FLAGS and PERMANENTFLAGS (RFC
 * 3501 section 7.2.6), whoever introduced it (this session's STORE or APPEND, another session, a delivery).
 */
class ImapKeywordAnnouncementTest {

    private static final String SYSTEM = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";

    private final InMemoryMailStore store = ImapDialogue.aliceStore();

    private ImapDialogue twoMessages() {
        store.deliver("alice", "INBOX", Mails.SIMPLE);
        store.deliver("alice", "INBOX", Mails.MULTIPART);
        return ImapDialogue.overTls(store).loggedIn().selected("INBOX");
    }

    private static String announced(String keywords) {
        return "* FLAGS (" + SYSTEM + " " + keywords + ")\r\n"
                + "* OK [PERMANENTFLAGS (" + SYSTEM + " " + keywords + " \\*)] Limited\r\n";
    }

    @Test
    void storeOfNewKeywordsAnnouncesThemBeforeTheFetch() {
        ImapDialogue d = twoMessages();
        assertEquals(announced("$keyword1 $keyword2")
                + "* 1 FETCH (FLAGS (\\Recent $keyword1 $keyword2))\r\n"
                + "a OK STORE completed\r\n", d.send("a STORE 1 +FLAGS ($keyword1 $keyword2)\r\n"));
        // known now: not announced again
        assertEquals("* 2 FETCH (FLAGS (\\Recent $keyword1))\r\nb OK STORE completed\r\n",
                d.send("b STORE 2 +FLAGS ($keyword1)\r\n"));
    }

    @Test
    void aKeywordSpelledNilIsAnAtomAndIsAnnounced() {
        ImapDialogue d = twoMessages();
        assertEquals(announced("NIL") + "* 1 FETCH (FLAGS (\\Recent NIL))\r\na OK STORE completed\r\n",
                d.send("a STORE 1 +FLAGS NIL\r\n"));
        assertEquals(Set.of("NIL"), store.flagsOf("alice", "INBOX", 1));
        assertEquals("* 2 FETCH (FLAGS (\\Recent NIL))\r\nb OK STORE completed\r\n",
                d.send("b STORE 2 +FLAGS (NIL)\r\n"));
    }

    @Test
    void silentStoreStillAnnouncesTheKeyword() {
        ImapDialogue d = twoMessages();
        assertEquals(announced("$Junk") + "a OK UID STORE completed\r\n",
                d.send("a UID STORE 1 +FLAGS.SILENT ($Junk)\r\n"));
        assertEquals("* 1 FETCH (FLAGS (\\Recent $Junk))\r\nb OK FETCH completed\r\n", d.send("b FETCH 1 FLAGS\r\n"));
    }

    @Test
    void appendWithANewKeywordToTheSelectedMailboxAnnouncesItBeforeExists() {
        ImapDialogue d = twoMessages();
        String answer = d.send("a APPEND INBOX ($Label1) {5+}\r\nhello\r\n");
        assertTrue(answer.startsWith(announced("$Label1") + "* 3 EXISTS\r\n"), answer);
        assertTrue(answer.endsWith("a OK [APPENDUID 1000 3] APPEND completed\r\n"), answer);
        assertEquals("* 3 FETCH (FLAGS (\\Recent $Label1))\r\nb OK FETCH completed\r\n", d.send("b FETCH 3 FLAGS\r\n"));
    }

    @Test
    void anotherSessionsKeywordIsAnnouncedBeforeTheUnsolicitedFetch() {
        ImapDialogue d = twoMessages();
        ImapDialogue other = ImapDialogue.overTls(store).loggedIn().selected("INBOX");
        other.send("o STORE 2 +FLAGS (Important)\r\n");
        d.session().mailboxChanged();
        assertEquals(announced("Important") + "* 2 FETCH (FLAGS (\\Recent Important))\r\na OK NOOP completed\r\n",
                d.send("a NOOP\r\n"));
    }

    @Test
    void aFetchThatFindsAKeywordNotPolledYetAnnouncesItFirst() {
        ImapDialogue d = twoMessages();
        ImapDialogue other = ImapDialogue.overTls(store).loggedIn().selected("INBOX");
        other.send("o STORE 1 +FLAGS (Later)\r\n");
        // no change event reached d yet: its FETCH reads the flags from the store
        assertEquals(announced("Later") + "* 1 FETCH (FLAGS (\\Recent Later))\r\na OK FETCH completed\r\n",
                d.send("a FETCH 1 FLAGS\r\n"));
    }

    @Test
    void aNewMessageWithAKeywordIsAnnouncedWithItsExists() {
        ImapDialogue d = twoMessages();
        store.deliver("alice", "INBOX", Mails.SIMPLE, Set.of("$Forwarded"), InMemoryMailStore.DEFAULT_DATE);
        d.session().mailboxChanged();
        assertEquals(announced("$Forwarded") + "* 3 EXISTS\r\n* 3 RECENT\r\na OK NOOP completed\r\n",
                d.send("a NOOP\r\n"));
    }

    @Test
    void aReadOnlyMailboxAnnouncesFlagsWithoutPermanentFlags() {
        store.deliver("alice", "INBOX", Mails.SIMPLE);
        ImapDialogue d = ImapDialogue.overTls(store).loggedIn();
        d.send("e EXAMINE INBOX\r\n");
        ImapDialogue other = ImapDialogue.overTls(store).loggedIn().selected("INBOX");
        other.send("o STORE 1 +FLAGS ($seen-elsewhere)\r\n");
        d.session().mailboxChanged();
        assertEquals("* FLAGS (" + SYSTEM + " $seen-elsewhere)\r\n* 1 FETCH (FLAGS (\\Recent $seen-elsewhere))\r\n"
                + "a OK NOOP completed\r\n", d.send("a NOOP\r\n"));
    }

    @Test
    void selectListsTheKeywordsInUseInFlagsAndPermanentFlags() {
        store.deliver("alice", "INBOX", Mails.SIMPLE, Set.of("$Important"), InMemoryMailStore.DEFAULT_DATE);
        String answer = ImapDialogue.overTls(store).loggedIn().send("a SELECT INBOX\r\n");
        assertTrue(answer.startsWith("* FLAGS (" + SYSTEM + " $Important)\r\n"), answer);
        assertTrue(answer.contains("* OK [PERMANENTFLAGS (" + SYSTEM + " $Important \\*)] Limited\r\n"), answer);
        ImapDialogue d = ImapDialogue.overTls(store).loggedIn().selected("INBOX");
        assertFalse(d.send("b STORE 1 +FLAGS ($Important)\r\n").contains("* FLAGS"));
    }
}
