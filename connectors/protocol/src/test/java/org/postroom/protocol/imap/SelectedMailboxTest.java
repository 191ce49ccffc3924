package org.postroom.protocol.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.postroom.connector.api.imap.ImapFlags;
import org.postroom.connector.api.imap.MailboxChanges;
import org.postroom.connector.api.imap.MailboxSnapshot;
import org.postroom.connector.api.imap.MessageFlags;
import org.postroom.connector.api.imap.UidSet;

class SelectedMailboxTest {

    private static MailboxSnapshot snapshot(MessageFlags... messages) {
        return new MailboxSnapshot("1/1", "INBOX", 7, 100, 5, List.of(messages), Set.of(), Set.of(), false);
    }

    private static SequenceSet set(String text) throws ImapSyntaxException {
        return new ImapParser(text.getBytes(StandardCharsets.US_ASCII)).sequenceSet();
    }

    private static String text(ResponseWriter out) {
        return new String(out.toByteArray(), StandardCharsets.US_ASCII);
    }

    @Test
    void systemFlagsAndKeywordsComeBackAsGiven() {
        Set<String> all = Set.of(ImapFlags.SEEN, ImapFlags.ANSWERED, ImapFlags.FLAGGED, ImapFlags.DELETED,
                ImapFlags.DRAFT, "$Forwarded", "work");
        SelectedMailbox m = new SelectedMailbox(snapshot(MessageFlags.of(1, Set.of()),
                MessageFlags.of(2, Set.of(ImapFlags.SEEN)), MessageFlags.of(3, all),
                MessageFlags.of(4, Set.of("work", ImapFlags.FLAGGED))));
        assertEquals(Set.of(), m.flags(1));
        assertEquals(Set.of(ImapFlags.SEEN), m.flags(2));
        assertEquals(all, m.flags(3));
        assertEquals(Set.of("work", ImapFlags.FLAGGED), m.flags(4));
        assertEquals(Set.of(), m.flags(99));
    }

    @Test
    void keywordsBeyondTheSlotsRoundTripThroughTheFallback() {
        List<MessageFlags> messages = new ArrayList<>();
        Set<String> many = new HashSet<>();
        for (int i = 0; i < SelectedMailbox.KEYWORD_SLOTS + 10; i++) {
            many.add("kw" + i);
            messages.add(MessageFlags.of(i + 1, Set.of("kw" + i, ImapFlags.SEEN)));
        }
        messages.add(MessageFlags.of(1000, many));
        SelectedMailbox m = new SelectedMailbox(snapshot(messages.toArray(MessageFlags[]::new)));
        for (int i = 0; i < SelectedMailbox.KEYWORD_SLOTS + 10; i++) {
            assertEquals(Set.of("kw" + i, ImapFlags.SEEN), m.flags(i + 1));
        }
        assertEquals(many, m.flags(1000));

        // changing only keywords without a slot is a change; the same set again is not
        Set<String> other = new HashSet<>(many);
        other.remove("kw" + (SelectedMailbox.KEYWORD_SLOTS + 5));
        other.add("brand-new");
        assertTrue(m.updateFlags(1000, other));
        assertEquals(other, m.flags(1000));
        assertFalse(m.updateFlags(1000, new HashSet<>(other)));
        assertTrue(m.updateFlags(1000, Set.of(ImapFlags.DRAFT)));
        assertEquals(Set.of(ImapFlags.DRAFT), m.flags(1000));
    }

    @Test
    void updateFlagsSaysWhetherTheClientSawSomethingNew() {
        SelectedMailbox m = new SelectedMailbox(snapshot(MessageFlags.of(5, Set.of(ImapFlags.SEEN))));
        assertFalse(m.updateFlags(5, Set.of(ImapFlags.SEEN)));
        assertTrue(m.updateFlags(5, Set.of(ImapFlags.SEEN, "urgent")));
        assertFalse(m.updateFlags(5, Set.of("urgent", ImapFlags.SEEN)));
        assertTrue(m.updateFlags(5, Set.of("urgent")));
        assertEquals(Set.of("urgent"), m.flags(5));
        assertFalse(m.updateFlags(6, Set.of(ImapFlags.SEEN)), "unknown UID");
    }

    @Test
    void recentIsPerMessageAndSurvivesFlagUpdates() {
        SelectedMailbox m = new SelectedMailbox(snapshot(new MessageFlags(1, Set.of(), false),
                new MessageFlags(2, Set.of(), true), new MessageFlags(3, Set.of(ImapFlags.SEEN), true)));
        assertEquals(2, m.recentCount());
        assertFalse(m.isRecent(1));
        assertTrue(m.isRecent(2));
        assertTrue(m.isRecent(3));
        assertEquals(UidSet.of(2, 3), m.recentUids());
        m.updateFlags(2, Set.of(ImapFlags.FLAGGED));
        assertTrue(m.isRecent(2));
        assertFalse(m.flags(2).contains(ImapFlags.RECENT));
    }

    @Test
    void expungeRenumbersTheMessagesAfterAndKeepsTheirFlags() {
        SelectedMailbox m = new SelectedMailbox(snapshot(new MessageFlags(10, Set.of("a"), false),
                new MessageFlags(20, Set.of(ImapFlags.SEEN), true), new MessageFlags(30, Set.of("b"), true),
                new MessageFlags(40, Set.of(ImapFlags.DELETED), false)));
        ResponseWriter out = new ResponseWriter();
        m.expungeAnnounced(List.of(30L, 10L, 99L), out);
        // ascending UID order, each number as it was when announced
        assertEquals("* 1 EXPUNGE\r\n* 2 EXPUNGE\r\n", text(out));
        assertEquals(2, m.exists());
        assertEquals(20, m.uid(1));
        assertEquals(40, m.uid(2));
        assertEquals(1, m.msn(20));
        assertEquals(2, m.msn(40));
        assertEquals(0, m.msn(30));
        assertEquals(Set.of(ImapFlags.SEEN), m.flags(20));
        assertEquals(Set.of(ImapFlags.DELETED), m.flags(40));
        assertEquals(Set.of(), m.flags(30));
        assertEquals(1, m.recentCount());
        assertTrue(m.isRecent(20));
        assertFalse(m.isRecent(40));
    }

    @Test
    void expungeLearnedDuringFetchWaitsAndIsAnnouncedLater() {
        SelectedMailbox m = new SelectedMailbox(snapshot(MessageFlags.of(1, Set.of()), MessageFlags.of(2, Set.of()),
                MessageFlags.of(3, Set.of())));
        ResponseWriter out = new ResponseWriter();
        m.apply(new MailboxChanges(6, List.of(), List.of(), List.of(2L, 2L)), false, out);
        assertEquals("", text(out));
        assertTrue(m.isDirty());
        assertEquals(3, m.exists());
        assertEquals(2, m.msn(2));

        m.apply(new MailboxChanges(7, List.of(new MessageFlags(4, Set.of("x"), true)), List.of(), List.of(3L)), true,
                out);
        assertEquals("* 2 EXPUNGE\r\n* 2 EXPUNGE\r\n* 2 EXISTS\r\n* 1 RECENT\r\n", text(out));
        assertFalse(m.isDirty());
        assertEquals(7, m.modSeq());
        assertEquals(4, m.uid(2));
        assertEquals(Set.of("x"), m.flags(4));
        assertEquals(100, m.uidNext());
    }

    @Test
    void expungeAnnouncedByTheSessionItselfClearsItFromThePending() {
        SelectedMailbox m = new SelectedMailbox(snapshot(MessageFlags.of(1, Set.of()), MessageFlags.of(2, Set.of())));
        ResponseWriter out = new ResponseWriter();
        m.apply(new MailboxChanges(6, List.of(), List.of(), List.of(1L)), false, out);
        assertTrue(m.isDirty());
        m.expungeAnnounced(List.of(1L), out);
        assertEquals("* 1 EXPUNGE\r\n", text(out));
        m.markDirty();
        m.apply(new MailboxChanges(6, List.of(), List.of(), List.of()), true, out);
        assertEquals("* 1 EXPUNGE\r\n", text(out), "announced once");
        assertFalse(m.isDirty());
    }

    @Test
    void flagChangesFromTheStoreAreAnnouncedOnlyWhenNew() {
        SelectedMailbox m = new SelectedMailbox(snapshot(new MessageFlags(1, Set.of(), true),
                MessageFlags.of(2, Set.of(ImapFlags.SEEN))));
        ResponseWriter out = new ResponseWriter();
        m.apply(new MailboxChanges(6, List.of(),
                List.of(MessageFlags.of(1, Set.of(ImapFlags.SEEN, "k")), MessageFlags.of(2, Set.of(ImapFlags.SEEN))),
                List.of()), true, out);
        assertEquals("* 1 FETCH (FLAGS (\\Seen \\Recent k))\r\n", text(out));
    }

    @Test
    void firstUnseenAndSequenceSetsResolveOverTheCompactView() throws ImapSyntaxException {
        List<MessageFlags> messages = new ArrayList<>();
        for (long uid = 1; uid <= 1000; uid++) {
            messages.add(MessageFlags.of(uid * 2, uid < 700 ? Set.of(ImapFlags.SEEN) : Set.of()));
        }
        SelectedMailbox m = new SelectedMailbox(snapshot(messages.toArray(MessageFlags[]::new)));
        assertEquals(1000, m.exists());
        assertEquals(700, m.firstUnseen());
        assertEquals(UidSet.of(2, 4, 2000), m.resolve(set("1:2,*"), false));
        assertEquals(UidSet.of(10, 12), m.resolve(set("9:12"), true));
        assertEquals(UidSet.of(2000), m.resolve(set("*"), true));
        assertEquals(1000, m.allUids().size());
    }

    @Test
    void messagesAddedBeyondTheSnapshotGrowTheView() {
        SelectedMailbox m = new SelectedMailbox(snapshot());
        List<MessageFlags> added = new ArrayList<>();
        for (long uid = 1; uid <= 100; uid++) {
            added.add(new MessageFlags(uid, Set.of("k" + (uid % 3)), uid % 2 == 0));
        }
        ResponseWriter out = new ResponseWriter();
        m.apply(new MailboxChanges(6, added, List.of(), List.of()), true, out);
        assertEquals("* 100 EXISTS\r\n* 50 RECENT\r\n", text(out));
        assertEquals(Set.of("k1"), m.flags(100 - 99));
        assertEquals(Set.of("k0"), m.flags(99));
        assertTrue(m.isRecent(100));
        assertEquals(101, m.uidNext());
    }

}
