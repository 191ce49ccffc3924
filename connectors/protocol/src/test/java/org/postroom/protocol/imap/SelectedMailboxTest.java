package org.postroom.protocol.imap;

import org.postroom.connector.api.imap.MailboxKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.postroom.connector.api.imap.ImapFlags;
import org.postroom.connector.api.imap.MailboxChanges;
import org.postroom.connector.api.imap.MailboxSnapshot;
import org.postroom.connector.api.imap.MessageFlags;
import org.postroom.connector.api.imap.UidSet;

class SelectedMailboxTest {

    private static MailboxSnapshot snapshot(MessageFlags... messages) {
        return new MailboxSnapshot(new MailboxKey(1, 1), "INBOX", 7, 100, 5, List.of(messages), Set.of(), Set.of(),
                false);
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
        assertEquals(
                "* 2 EXPUNGE\r\n* 2 EXPUNGE\r\n* FLAGS (x)\r\n* OK [PERMANENTFLAGS ()] Limited\r\n* 2 EXISTS\r\n* 1 RECENT\r\n",
                text(out));
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
        assertEquals("* FLAGS (k)\r\n* OK [PERMANENTFLAGS ()] Limited\r\n* 1 FETCH (FLAGS (\\Seen \\Recent k))\r\n",
                text(out));
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
        assertEquals("* FLAGS (k0 k1 k2)\r\n* OK [PERMANENTFLAGS ()] Limited\r\n* 100 EXISTS\r\n* 50 RECENT\r\n",
                text(out));
        assertEquals(Set.of("k1"), m.flags(100 - 99));
        assertEquals(Set.of("k0"), m.flags(99));
        assertTrue(m.isRecent(100));
        assertEquals(101, m.uidNext());
    }

    // ---- UIDs are 32-bit unsigned (RFC 3501 nz-number): the view keeps them in an int[] compared unsigned

    private static final long HIGH = 3_000_000_000L;
    private static final long MAX = 4_294_967_295L;

    private static SelectedMailbox highUids() {
        return new SelectedMailbox(snapshot(MessageFlags.of(1, Set.of()), MessageFlags.of(5, Set.of(ImapFlags.SEEN)),
                MessageFlags.of(Integer.MAX_VALUE, Set.of("a")), new MessageFlags(2_147_483_648L, Set.of(), true),
                MessageFlags.of(HIGH, Set.of(ImapFlags.FLAGGED, "b")), MessageFlags.of(MAX, Set.of(ImapFlags.DRAFT))));
    }

    @Test
    void uidsAboveTwoToTheThirtyOneKeepTheirOrderAndNumbers() {
        SelectedMailbox m = highUids();
        long[] expected = {1, 5, Integer.MAX_VALUE, 2_147_483_648L, HIGH, MAX};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], m.uid(i + 1));
            assertEquals(i + 1, m.msn(expected[i]));
        }
        assertEquals(0, m.msn(2_999_999_999L));
        assertEquals(0, m.msn(MAX + 1), "beyond what IMAP can name");
        assertEquals(0, m.msn(0));
        assertEquals(0, m.msn(-1));
        assertEquals(Set.of(ImapFlags.FLAGGED, "b"), m.flags(HIGH));
        assertEquals(Set.of(ImapFlags.DRAFT), m.flags(MAX));
        assertTrue(m.isRecent(2_147_483_648L));
        assertEquals(UidSet.of(2_147_483_648L), m.recentUids());
        assertEquals(UidSet.of(expected), m.allUids());
        assertEquals(MAX + 1, m.uidNext());
        assertTrue(m.updateFlags(MAX, Set.of(ImapFlags.SEEN)));
        assertEquals(Set.of(ImapFlags.SEEN), m.flags(MAX));
    }

    @Test
    void uidSetsAndStarResolveAboveTwoToTheThirtyOne() throws ImapSyntaxException {
        SelectedMailbox m = highUids();
        assertEquals(UidSet.of(MAX), m.resolve(set("*"), true));
        assertEquals(UidSet.of(HIGH, MAX), m.resolve(set("3000000000:*"), true));
        assertEquals(UidSet.of(HIGH, MAX), m.resolve(set("*:2200000000"), true));
        assertEquals(UidSet.of(Integer.MAX_VALUE, 2_147_483_648L), m.resolve(set("2147483647:2147483648"), true));
        assertEquals(UidSet.of(5, Integer.MAX_VALUE, 2_147_483_648L, HIGH),
                m.resolve(set("2:3000000000"), true));
        assertEquals(UidSet.EMPTY, m.resolve(set("3000000001:4294967294"), true));
        assertEquals(UidSet.of(1, 5, Integer.MAX_VALUE, 2_147_483_648L, HIGH, MAX), m.resolve(set("1:*"), true));
        assertEquals(UidSet.of(1, MAX), m.resolve(set("1,4294967295"), true));
        assertEquals(UidSet.of(HIGH, MAX), m.resolve(set("5:*"), false));
        assertEquals(UidSet.of(MAX), m.resolve(set("*"), false));
        assertEquals(UidSet.of(Integer.MAX_VALUE, 2_147_483_648L), m.resolve(set("4:3"), false));
    }

    @Test
    void expungeAndArrivalsAboveTwoToTheThirtyOneKeepTheOrder() {
        SelectedMailbox m = highUids();
        ResponseWriter out = new ResponseWriter();
        m.apply(new MailboxChanges(6, List.of(MessageFlags.of(HIGH - 1, Set.of()), // older than the last: ignored
                new MessageFlags(MAX, Set.of(), true)), List.of(), List.of(HIGH, 2_147_483_648L)), true, out);
        assertEquals("* 4 EXPUNGE\r\n* 4 EXPUNGE\r\n", text(out));
        assertEquals(4, m.exists());
        assertEquals(4, m.msn(MAX));
        assertEquals(0, m.msn(HIGH));
        assertEquals(Set.of(ImapFlags.DRAFT), m.flags(MAX));

        SelectedMailbox grown = new SelectedMailbox(snapshot(MessageFlags.of(Integer.MAX_VALUE, Set.of())));
        grown.apply(new MailboxChanges(6, List.of(MessageFlags.of(2_147_483_648L, Set.of()),
                MessageFlags.of(HIGH, Set.of(ImapFlags.SEEN)), MessageFlags.of(MAX, Set.of())), List.of(), List.of()),
                true, new ResponseWriter());
        assertEquals(4, grown.exists());
        assertEquals(3, grown.msn(HIGH));
        assertEquals(MAX, grown.uid(4));
        assertEquals(MAX + 1, grown.uidNext());
    }

    @Test
    void aUidFromTheStoreThatImapCannotCarryFailsClearly() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new SelectedMailbox(snapshot(MessageFlags.of(1, Set.of()), MessageFlags.of(MAX + 1, Set.of()))));
        assertTrue(e.getMessage().contains("4294967296"), e.getMessage());

        SelectedMailbox m = new SelectedMailbox(snapshot(MessageFlags.of(1, Set.of())));
        ResponseWriter out = new ResponseWriter();
        assertThrows(IllegalStateException.class, () -> m.apply(new MailboxChanges(9,
                List.of(MessageFlags.of(2, Set.of()), MessageFlags.of(1L << 33, Set.of())), List.of(), List.of(1L)),
                true, out));
        // nothing of those changes was applied, so the next poll can report them (once the store is fixed)
        assertEquals("", text(out));
        assertEquals(1, m.exists());
        assertEquals(5, m.modSeq());
    }

    // ---- the flags column: a byte per message until a message needs a higher keyword slot

    @Test
    void aMailboxWithTwoKeywordsKeepsOneByteOfFlagsPerMessage() {
        List<MessageFlags> messages = new ArrayList<>();
        for (long uid = 1; uid <= 1000; uid++) {
            Set<String> flags = new HashSet<>(ImapFlags.SYSTEM);
            flags.add(uid % 2 == 0 ? "$Forwarded" : "$Junk");
            messages.add(new MessageFlags(uid, flags, uid > 990));
        }
        SelectedMailbox m = new SelectedMailbox(snapshot(messages.toArray(MessageFlags[]::new)));
        assertEquals(8, m.flagWidth());
        assertEquals(Set.of(ImapFlags.ANSWERED, ImapFlags.FLAGGED, ImapFlags.DELETED, ImapFlags.SEEN,
                ImapFlags.DRAFT, "$Junk"), m.flags(999));
        assertTrue(m.isRecent(999));
        assertFalse(m.isRecent(990));
    }

    @Test
    void aKeywordBeyondTheSecondSlotWidensTheFlagsAndKeepsEveryMessagesFlags() {
        List<MessageFlags> messages = new ArrayList<>();
        List<Set<String>> expected = new ArrayList<>();
        List<String> systems = List.copyOf(new TreeSet<>(ImapFlags.SYSTEM));
        for (int i = 0; i < 300; i++) {
            Set<String> flags = new HashSet<>();
            flags.add(systems.get(i % systems.size()));
            if (i % 3 == 0) {
                flags.add("$Forwarded");
            }
            if (i % 7 == 0) {
                flags.add("$Junk");
            }
            messages.add(new MessageFlags(i + 1, flags, i % 11 == 0));
            expected.add(flags);
        }
        SelectedMailbox m = new SelectedMailbox(snapshot(messages.toArray(MessageFlags[]::new)));
        assertEquals(8, m.flagWidth());

        // third keyword: slot 2 no longer fits a byte
        Set<String> third = new HashSet<>(expected.get(149));
        third.add("work");
        assertTrue(m.updateFlags(150, third));
        expected.set(149, third);
        assertEquals(16, m.flagWidth());
        assertSameFlags(m, expected);

        // eleventh keyword: beyond 16 bits
        Set<String> many = new HashSet<>(Set.of(ImapFlags.SEEN));
        for (int k = 0; k < 9; k++) {
            many.add("k" + k);
        }
        assertTrue(m.updateFlags(7, many));
        expected.set(6, many);
        assertEquals(32, m.flagWidth());
        assertSameFlags(m, expected);

        // one-way: the messages that needed it leave, the column stays wide
        assertTrue(m.updateFlags(7, Set.of()));
        expected.set(6, Set.of());
        assertEquals(32, m.flagWidth());
        assertSameFlags(m, expected);
        for (int i = 0; i < 300; i++) {
            assertEquals(i % 11 == 0, m.isRecent(i + 1), "recent of " + (i + 1));
        }
    }

    @Test
    void widenedFlagsSurviveExpungeAndArrivals() {
        SelectedMailbox m = new SelectedMailbox(snapshot(new MessageFlags(1, Set.of(ImapFlags.SEEN), true),
                MessageFlags.of(2, Set.of("a")), MessageFlags.of(3, Set.of("b", ImapFlags.DELETED)),
                MessageFlags.of(4, Set.of(ImapFlags.FLAGGED))));
        assertEquals(8, m.flagWidth());
        ResponseWriter out = new ResponseWriter();
        // an arrival with a third keyword widens while the message is added
        m.apply(new MailboxChanges(6, List.of(new MessageFlags(5, Set.of("c", ImapFlags.SEEN), true)), List.of(),
                List.of()), true, out);
        assertEquals(16, m.flagWidth());
        m.expungeAnnounced(List.of(2L, 3L), out);
        assertEquals(
                "* FLAGS (a b c)\r\n* OK [PERMANENTFLAGS ()] Limited\r\n* 5 EXISTS\r\n* 2 RECENT\r\n* 2 EXPUNGE\r\n* 2 EXPUNGE\r\n",
                text(out));
        List<MessageFlags> added = new ArrayList<>();
        for (long uid = 6; uid <= 100; uid++) {
            added.add(new MessageFlags(uid, uid % 2 == 0 ? Set.of("a", "c") : Set.of(ImapFlags.ANSWERED), false));
        }
        m.apply(new MailboxChanges(7, added, List.of(), List.of()), true, new ResponseWriter());
        assertEquals(98, m.exists());
        assertEquals(Set.of(ImapFlags.SEEN), m.flags(1));
        assertEquals(Set.of(ImapFlags.FLAGGED), m.flags(4));
        assertEquals(Set.of("c", ImapFlags.SEEN), m.flags(5));
        assertEquals(Set.of("a", "c"), m.flags(100));
        assertEquals(Set.of(ImapFlags.ANSWERED), m.flags(99));
        assertEquals(3, m.msn(5));
        assertEquals(98, m.msn(100));
        assertTrue(m.isRecent(1));
        assertTrue(m.isRecent(5));
        assertFalse(m.isRecent(4));
        assertEquals(2, m.recentCount());
        assertEquals(2, m.firstUnseen());
    }

    // ---- footprint: computed from the columns' lengths, not measured through the garbage collector

    @Test
    void aThousandMessageInboxCostsFiveBytesPerMessageAfterSelect() {
        List<MessageFlags> messages = new ArrayList<>();
        for (long uid = 1; uid <= 1000; uid++) {
            messages.add(MessageFlags.of(uid, uid % 5 == 0
                    ? Set.of(ImapFlags.SEEN, "$Forwarded")
                    : Set.of(ImapFlags.SEEN)));
        }
        SelectedMailbox m = new SelectedMailbox(snapshot(messages.toArray(MessageFlags[]::new)));
        assertEquals(1000 + SelectedMailbox.SELECT_MARGIN, m.capacity());
        // int[1016] (16 + 4,064) + byte[1016] (16 + 1,016); before: long[1000] + int[1000] = 12,032
        assertEquals(5112, m.columnBytes());
        assertTrue(m.columnBytes() * 2 < 12_032);
    }

    @Test
    void arrivalsGrowTheColumnsByAnEighth() {
        SelectedMailbox m = new SelectedMailbox(snapshot());
        assertEquals(SelectedMailbox.SELECT_MARGIN, m.capacity());
        long uid = 1;
        for (int round = 0; round < 40; round++) {
            List<MessageFlags> added = new ArrayList<>();
            for (int i = 0; i < 97; i++) {
                added.add(MessageFlags.of(uid++, Set.of()));
            }
            m.apply(new MailboxChanges(6, added, List.of(), List.of()), true, new ResponseWriter());
            assertTrue(m.capacity() >= m.exists());
            assertTrue(m.capacity() <= m.exists() + Math.max(16, m.exists() / 8) + 16,
                    m.capacity() + " for " + m.exists());
        }
        assertEquals(3880, m.exists());
        assertEquals(3880, m.msn(3880));
    }

    private static void assertSameFlags(SelectedMailbox m, List<Set<String>> expected) {
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), m.flags(i + 1), "flags of " + (i + 1));
        }
    }

}
