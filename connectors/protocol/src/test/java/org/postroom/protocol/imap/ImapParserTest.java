package org.postroom.protocol.imap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.postroom.connector.api.imap.ImapFlags;
import org.postroom.connector.api.imap.SearchKey;
import org.postroom.connector.api.imap.StoreMode;
import org.postroom.connector.api.imap.UidSet;

/** The grammar elements, one at a time, from bytes. */
class ImapParserTest {

    private static ImapParser p(String s) {
        return ImapParser.of(s);
    }

    @Test
    void tagsStopAtSpaceAndRefusePlusAndSpecials() throws Exception {
        ImapParser p = p("A0001 NOOP");
        assertEquals("A0001", p.tag());
        assertThrows(ImapSyntaxException.class, () -> p("+x NOOP").tag());
        assertThrows(ImapSyntaxException.class, () -> p("(a NOOP").tag());
        assertEquals("a]b", p("a]b NOOP").tag());
    }

    @Test
    void atomsStopAtAtomSpecials() throws Exception {
        ImapParser p = p("FLAGS.SILENT (x)");
        assertEquals("FLAGS.SILENT", p.atom());
        p.space();
        assertTrue(p.peekIs('('));
        assertThrows(ImapSyntaxException.class, () -> p("{3}").atom());
    }

    @Test
    void quotedStringsUnescapeQuotesAndBackslashes() throws Exception {
        assertEquals("say \"hi\" \\", p("\"say \\\"hi\\\" \\\\\"").stringUtf8());
        assertEquals("", p("\"\"").stringUtf8());
        assertThrows(ImapSyntaxException.class, () -> p("\"bad \\n escape\"").stringUtf8());
        assertThrows(ImapSyntaxException.class, () -> p("\"unterminated").stringUtf8());
    }

    @Test
    void literalsAreReadByLengthWhateverTheyContain() throws Exception {
        ImapParser p = p("{7}\r\na\"b\r\nc) rest");
        assertArrayEquals("a\"b\r\nc)".getBytes(StandardCharsets.US_ASCII), p.string());
        p.space();
        assertEquals("rest", p.atom());
        assertEquals("x", p("{1+}\r\nx").stringUtf8());
        assertEquals("", p("{0}\r\n").stringUtf8());
        assertThrows(ImapSyntaxException.class, () -> p("{5}\r\nab").string());
        assertThrows(ImapSyntaxException.class, () -> p("{2}ab").string());
    }

    @Test
    void astringsAcceptAtomsWithBracketsQuotedAndLiteral() throws Exception {
        assertEquals("a]b", p("a]b").astring());
        assertEquals("two words", p("\"two words\"").astring());
        assertEquals("caf\u00e9", new ImapParser("{5}\r\ncaf\u00c3\u00a9".getBytes(StandardCharsets.ISO_8859_1))
                .astring());
        assertThrows(ImapSyntaxException.class, () -> new ImapParser(new byte[]{'"', (byte) 0xff, '"'}).astring());
    }

    @Test
    void nstringIsNilOrAString() throws Exception {
        assertEquals(Optional.empty(), p("NIL").nstring());
        assertEquals(Optional.of("NIL"), p("\"NIL\"").nstring());
    }

    @Test
    void mailboxNamesAreDecodedAndInboxIsCaseInsensitive() throws Exception {
        assertEquals("INBOX", p("iNbOx").mailbox());
        assertEquals("inbox/Sub", p("inbox/Sub").mailbox());
        assertEquals("Entw\u00fcrfe", p("Entw&APw-rfe").mailbox());
    }

    @Test
    void sequenceSetsHaveStarsAndRangesInBothOrders() throws Exception {
        SequenceSet set = p("1,3:5,*,9:7,2:*").sequenceSet();
        assertEquals(List.of(new SequenceSet.Range(1, 1), new SequenceSet.Range(3, 5),
                new SequenceSet.Range(SequenceSet.STAR, SequenceSet.STAR), new SequenceSet.Range(9, 7),
                new SequenceSet.Range(2, SequenceSet.STAR)), set.ranges());
        assertThrows(ImapSyntaxException.class, () -> p("0").sequenceSet());
        assertThrows(ImapSyntaxException.class, () -> p("1,").sequenceSet());
        assertThrows(ImapSyntaxException.class, () -> p("a").sequenceSet());
    }

    @Test
    void flagListsKeepKeywordsAndBackslashFlags() throws Exception {
        assertEquals(List.of("\\Seen", "$Forwarded", "\\*"), p("(\\Seen $Forwarded \\*)").flagList());
        assertEquals(List.of(), p("()").flagList());
        assertThrows(ImapSyntaxException.class, () -> p("(\\Seen").flagList());
    }

    @Test
    void datesAndDateTimesInImapFormat() throws Exception {
        assertEquals(LocalDate.of(2026, 2, 1), p("1-Feb-2026").date());
        assertEquals(LocalDate.of(2026, 2, 1), p("\"01-feb-2026\"").date());
        assertEquals(OffsetDateTime.of(2026, 7, 4, 9, 5, 7, 0, ZoneOffset.ofHoursMinutes(-3, -30)),
                p("\" 4-Jul-2026 09:05:07 -0330\"").dateTime());
        assertThrows(ImapSyntaxException.class, () -> p("31-Feb-2026").date());
        assertThrows(ImapSyntaxException.class, () -> p("1-Foo-2026").date());
        assertThrows(ImapSyntaxException.class, () -> p("\"04-Jul-2026 09:05 +0000\"").dateTime());
    }

    @Test
    void fetchItemsCoverMacrosSectionsAndPartials() throws Exception {
        List<FetchItem> items = FetchParser.items(p(
                "(UID BODY.PEEK[1.2.HEADER.FIELDS.NOT (X-Spam \"Received\")]<10.20> BODY[3.MIME] RFC822.SIZE)"));
        assertEquals(4, items.size());
        assertEquals("BODY[1.2.HEADER.FIELDS.NOT (X-SPAM RECEIVED)]<10>", items.get(1).responseName());
        assertTrue(items.get(1).peek());
        assertEquals(20, items.get(1).count());
        assertEquals("BODY[3.MIME]", items.get(2).responseName());
        assertTrue(items.get(2).setsSeen());
        assertEquals(5, FetchParser.items(p("FULL")).size());
        assertEquals("BODY[]", FetchParser.items(p("BODY[]")).get(0).responseName());
        assertEquals("BODY[TEXT]", FetchParser.items(p("BODY[TEXT]")).get(0).responseName());
        assertThrows(ImapSyntaxException.class, () -> FetchParser.items(p("BODY[MIME]")));
        assertThrows(ImapSyntaxException.class, () -> FetchParser.items(p("BODY[1.FOO]")));
        assertThrows(ImapSyntaxException.class, () -> FetchParser.items(p("BODY[1]<5>")));
        assertThrows(ImapSyntaxException.class, () -> FetchParser.items(p("FROB")));
    }

    @Test
    void storeRequestsHaveModeSilenceAndFlags() throws Exception {
        StoreCommand.Request r = StoreCommand.parse(p(" 1:2 -FLAGS.SILENT \\seen $Junk"));
        assertEquals(StoreMode.REMOVE, r.mode());
        assertTrue(r.silent());
        assertEquals(java.util.Set.of(ImapFlags.SEEN, "$Junk"), r.flags());
        assertThrows(ImapSyntaxException.class, () -> StoreCommand.parse(p(" 1 +FLAGZ (\\Seen)")));
        assertThrows(ImapSyntaxException.class, () -> StoreCommand.parse(p(" 1 FLAGS (\\Bogus)")));
    }

    private static final SearchParser.Resolver RESOLVER = new SearchParser.Resolver() {
        @Override
        public UidSet resolve(SequenceSet set, boolean byUid) {
            return byUid ? UidSet.of(100) : UidSet.of(10);
        }

        @Override
        public UidSet recent() {
            return UidSet.of(7);
        }
    };

    private static SearchKey search(String program) throws ImapSyntaxException {
        return new SearchParser(p(program), RESOLVER).program();
    }

    @Test
    void searchKeysMapToTheTree() throws Exception {
        assertEquals(new SearchKey.And(List.of(new SearchKey.Flag(ImapFlags.SEEN, false),
                new SearchKey.Header("From", "alice"), new SearchKey.Uids(UidSet.of(10)))),
                search("UNSEEN FROM alice 1:3"));
        assertEquals(new SearchKey.Or(new SearchKey.Size(SearchKey.SizeComparison.LARGER, 100),
                new SearchKey.Not(new SearchKey.Uids(UidSet.of(100)))), search("OR LARGER 100 NOT UID 5:*"));
        assertEquals(new SearchKey.And(List.of(new SearchKey.Uids(UidSet.of(7)),
                new SearchKey.Flag(ImapFlags.SEEN, false))), search("NEW"));
        assertEquals(new SearchKey.Header("X-Mailer", ""), search("HEADER X-Mailer \"\""));
        assertEquals(new SearchKey.SentDate(SearchKey.DateComparison.SINCE, LocalDate.of(2026, 1, 2)),
                search("SENTSINCE 2-Jan-2026"));
        assertEquals(new SearchKey.Flag("$Work", false), search("(UNKEYWORD $Work)"));
        assertEquals(new SearchKey.Text("two words"), search("TEXT \"two words\""));
    }

    @Test
    void everySearchKeyOfRfc3501Parses() throws Exception {
        for (String key : List.of("ALL", "ANSWERED", "BCC x", "BEFORE 1-Jan-2026", "BODY x", "CC x", "DELETED",
                "DRAFT", "FLAGGED", "FROM x", "HEADER a b", "KEYWORD k", "LARGER 1", "NEW", "NOT ALL", "OLD",
                "ON 1-Jan-2026", "OR ALL ALL", "RECENT", "SEEN", "SENTBEFORE 1-Jan-2026", "SENTON 1-Jan-2026",
                "SENTSINCE 1-Jan-2026", "SINCE 1-Jan-2026", "SMALLER 1", "SUBJECT x", "TEXT x", "TO x", "UID 1",
                "UNANSWERED", "UNDELETED", "UNDRAFT", "UNFLAGGED", "UNKEYWORD k", "UNSEEN", "1:*", "(ALL SEEN)")) {
            search(key);
        }
        assertThrows(ImapSyntaxException.class, () -> search("OR ALL"));
        assertThrows(ImapSyntaxException.class, () -> search("(ALL"));
        assertThrows(ImapSyntaxException.class, () -> search("LARGER x"));
    }

    @Test
    void literalAnnouncementIsFoundOnlyAtTheEndOfALine() {
        assertEquals(Optional.of(new ImapSessionDriver.Literal(12, true)),
                ImapSessionDriver.Literal.atEndOf("a LOGIN {12}".getBytes()));
        assertEquals(Optional.of(new ImapSessionDriver.Literal(3, false)),
                ImapSessionDriver.Literal.atEndOf("a LOGIN {3+}".getBytes()));
        assertEquals(Optional.empty(), ImapSessionDriver.Literal.atEndOf("a LOGIN {}".getBytes()));
        assertEquals(Optional.empty(), ImapSessionDriver.Literal.atEndOf("a LOGIN x}".getBytes()));
        assertEquals(Optional.empty(), ImapSessionDriver.Literal.atEndOf("a LOGIN {1} x".getBytes()));
    }
}
