package org.postroom.protocol.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.postroom.connector.api.imap.ImapFlags;

/** Whole sessions against the in-memory store, exact bytes. */
class ImapDialogueTest {

    private static final String ENV_SIMPLE = "(\"Thu, 19 Nov 2026 10:00:00 +0000\" \"Hello\" "
            + "((\"Alice\" NIL \"alice\" \"example.org\")) ((\"Alice\" NIL \"alice\" \"example.org\")) "
            + "((\"Alice\" NIL \"alice\" \"example.org\")) ((\"Bob\" NIL \"bob\" \"example.org\")) NIL NIL NIL "
            + "\"<m1@example.org>\")";

    private final InMemoryMailStore store = ImapDialogue.aliceStore();

    private ImapDialogue inboxWithThree() {
        store.deliver("alice", "INBOX", Mails.SIMPLE);
        store.deliver("alice", "INBOX", Mails.MULTIPART);
        store.deliver("alice", "INBOX", Mails.FORWARD);
        return ImapDialogue.overTls(store).loggedIn();
    }

    @Test
    void greetingCarriesCapabilitiesAndHostname() {
        ImapDialogue d = ImapDialogue.overTls(store);
        assertEquals("* OK [CAPABILITY IMAP4rev1 LITERAL- SASL-IR ENABLE ID IDLE NAMESPACE UNSELECT UIDPLUS MOVE "
                + "CHILDREN SPECIAL-USE AUTH=PLAIN AUTH=LOGIN] imap.example.org Postroom IMAP ready\r\n", d.greeting);
    }

    @Test
    void loginAnswersWithTheCapabilitiesOfTheAuthenticatedState() {
        ImapDialogue d = ImapDialogue.overTls(store);
        assertEquals("a OK [CAPABILITY IMAP4rev1 LITERAL+ SASL-IR ENABLE ID IDLE NAMESPACE UNSELECT UIDPLUS MOVE "
                + "CHILDREN SPECIAL-USE] Logged in\r\n", d.send("a LOGIN alice secret\r\n"));
        assertEquals(ImapState.AUTHENTICATED, d.session().state());
    }

    @Test
    void selectReportsCountsUidsAndFlags() {
        ImapDialogue d = inboxWithThree();
        assertEquals("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
                + "* 3 EXISTS\r\n"
                + "* 3 RECENT\r\n"
                + "* OK [UNSEEN 1] First unseen\r\n"
                + "* OK [UIDVALIDITY 1000] UIDs valid\r\n"
                + "* OK [UIDNEXT 4] Predicted next UID\r\n"
                + "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Limited\r\n"
                + "d OK [READ-WRITE] SELECT completed\r\n", d.send("d SELECT inbox\r\n"));
        assertEquals(Optional.of(d.session().selected().key()), d.driver.selectedMailboxKey());
    }

    @Test
    void examineIsReadOnlyAndRefusesStore() {
        ImapDialogue d = inboxWithThree();
        String answer = d.send("e EXAMINE INBOX\r\n");
        assertTrue(answer.contains("* OK [PERMANENTFLAGS ()] No permanent flags permitted\r\n"), answer);
        assertTrue(answer.endsWith("e OK [READ-ONLY] EXAMINE completed\r\n"), answer);
        assertEquals("f NO [READ-ONLY] Mailbox is read-only\r\n", d.send("f STORE 1 +FLAGS (\\Seen)\r\n"));
        d.send("g FETCH 1 BODY[]\r\n");
        assertEquals(Set.of(), store.flagsOf("alice", "INBOX", 1));
    }

    @Test
    void fetchMetadataOfTheWholeMailboxIsOneStoreCall() {
        ImapDialogue d = inboxWithThree().selected("INBOX");
        int before = store.callCount("fetchEnvelopes");
        String answer = d.send("e FETCH 1:* (FLAGS UID RFC822.SIZE INTERNALDATE ENVELOPE)\r\n");
        assertEquals(before + 1, store.callCount("fetchEnvelopes"), "ENVELOPE alone: the stored form (ADR 0076)");
        assertEquals(0, store.callCount("content"));
        assertTrue(answer.startsWith("* 1 FETCH (FLAGS (\\Recent) UID 1 RFC822.SIZE 155 INTERNALDATE "
                + "\"20-Nov-2026 09:30:00 +0100\" ENVELOPE " + ENV_SIMPLE + ")\r\n"), answer);
        assertTrue(answer.endsWith("e OK FETCH completed\r\n"), answer);
        assertEquals(4, answer.split("\r\n").length);
    }

    @Test
    void fetchMacrosExpandToTheirItems() {
        ImapDialogue d = inboxWithThree().selected("INBOX");
        assertEquals("* 1 FETCH (FLAGS (\\Recent) INTERNALDATE \"20-Nov-2026 09:30:00 +0100\" RFC822.SIZE 155)\r\n"
                + "a OK FETCH completed\r\n", d.send("a FETCH 1 FAST\r\n"));
        assertEquals("* 1 FETCH (FLAGS (\\Recent) INTERNALDATE \"20-Nov-2026 09:30:00 +0100\" RFC822.SIZE 155 "
                + "ENVELOPE " + ENV_SIMPLE + ")\r\nb OK FETCH completed\r\n", d.send("b FETCH 1 ALL\r\n"));
        assertEquals("* 1 FETCH (FLAGS (\\Recent) INTERNALDATE \"20-Nov-2026 09:30:00 +0100\" RFC822.SIZE 155 "
                + "ENVELOPE " + ENV_SIMPLE
                + " BODY (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 8 1))"
                + "\r\nc OK FETCH completed\r\n", d.send("c FETCH 1 FULL\r\n"));
    }

    @Test
    void bodystructureOfAMultipartWithAttachmentCarriesExtensionData() {
        ImapDialogue d = inboxWithThree().selected("INBOX");
        assertEquals("* 2 FETCH (BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL "
                + "\"QUOTED-PRINTABLE\" 26 1 NIL NIL NIL NIL)(\"APPLICATION\" \"PDF\" (\"NAME\" \"r.pdf\") NIL NIL "
                + "\"BASE64\" 8 NIL (\"ATTACHMENT\" (\"FILENAME\" \"r.pdf\")) NIL NIL) \"MIXED\" "
                + "(\"BOUNDARY\" \"XX\") NIL NIL NIL))\r\nf OK FETCH completed\r\n",
                d.send("f FETCH 2 BODYSTRUCTURE\r\n"));
    }

    @Test
    void bodySectionsAreSlicedByPartNumberAndSetSeenUnlessPeek() {
        ImapDialogue d = inboxWithThree().selected("INBOX");
        assertEquals("* 2 FETCH (BODY[1] {26}\r\nCaf=C3=A9 numbers attached BODY[2.MIME] {133}\r\n"
                + "Content-Type: application/pdf; name=\"r.pdf\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"r.pdf\"\r\n\r\n"
                + " BODY[HEADER.FIELDS (SUBJECT FROM)] {52}\r\n"
                + "From: Carol <carol@example.org>\r\nSubject: Report\r\n\r\n"
                + " FLAGS (\\Seen \\Recent))\r\nh OK FETCH completed\r\n",
                d.send("h FETCH 2 (BODY[1] BODY.PEEK[2.MIME] BODY[HEADER.FIELDS (SUBJECT FROM)])\r\n"));
        assertEquals(Set.of(ImapFlags.SEEN), store.flagsOf("alice", "INBOX", 2));
        d.send("i FETCH 1 BODY.PEEK[]\r\n");
        assertEquals(Set.of(), store.flagsOf("alice", "INBOX", 1));
    }

    @Test
    void encapsulatedMessageSectionsFollowTheRfc822Rules() {
        ImapDialogue d = inboxWithThree().selected("INBOX");
        assertEquals("* 3 FETCH (BODY[2.HEADER] {147}\r\n"
                + "From: Alice <alice@example.org>\r\nTo: Bob <bob@example.org>\r\nSubject: Hello\r\n"
                + "Date: Thu, 19 Nov 2026 10:00:00 +0000\r\nMessage-ID: <m1@example.org>\r\n\r\n"
                + " BODY[2.TEXT] {6}\r\nHi Bob BODY[2.1] {6}\r\nHi Bob BODY[1]<2> {3}\r\ne b)\r\n"
                + "i OK FETCH completed\r\n",
                d.send("i FETCH 3 (BODY.PEEK[2.HEADER] BODY.PEEK[2.TEXT] BODY.PEEK[2.1] BODY.PEEK[1]<2.3>)\r\n"));
        assertEquals("* 3 FETCH (BODY[4] NIL BODY[1.HEADER] NIL)\r\nj OK FETCH completed\r\n",
                d.send("j FETCH 3 (BODY.PEEK[4] BODY.PEEK[1.HEADER])\r\n"));
    }

    @Test
    void bodystructureOfAForwardDescribesTheEncapsulatedMessage() {
        ImapDialogue d = inboxWithThree().selected("INBOX");
        assertEquals("* 3 FETCH (BODY ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 9 1)"
                + "(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 153 " + ENV_SIMPLE
                + " (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 6 1) 7) \"MIXED\"))\r\n"
                + "g OK FETCH completed\r\n", d.send("g FETCH 3 BODY\r\n"));
    }

    @Test
    void rfc822ItemsAreTheWholeMessageItsHeaderAndItsText() {
        ImapDialogue d = inboxWithThree().selected("INBOX");
        String header = Mails.SIMPLE.substring(0, Mails.SIMPLE.indexOf("\r\n\r\n") + 4);
        assertEquals("* 1 FETCH (RFC822.HEADER {" + header.length() + "}\r\n" + header + ")\r\n"
                + "a OK FETCH completed\r\n", d.send("a FETCH 1 RFC822.HEADER\r\n"));
        assertEquals(Set.of(), store.flagsOf("alice", "INBOX", 1));
        assertEquals("* 1 FETCH (RFC822.TEXT {8}\r\nHi Bob\r\n FLAGS (\\Seen \\Recent))\r\nb OK FETCH completed\r\n",
                d.send("b FETCH 1 RFC822.TEXT\r\n"));
        assertEquals("* 1 FETCH (UID 1 RFC822 {155}\r\n" + Mails.SIMPLE + ")\r\nc OK UID FETCH completed\r\n",
                d.send("c UID FETCH 1 RFC822\r\n"));
    }

    @Test
    void storeAnswersWithNewFlagsUnlessSilent() {
        ImapDialogue d = inboxWithThree().selected("INBOX");
        assertEquals("* 1 FETCH (FLAGS (\\Flagged \\Seen \\Recent))\r\na OK STORE completed\r\n",
                d.send("a STORE 1 +FLAGS (\\Seen \\FLAGGED)\r\n"));
        assertEquals("b OK STORE completed\r\n", d.send("b STORE 1 -FLAGS.SILENT \\Flagged\r\n"));
        assertEquals(Set.of(ImapFlags.SEEN), store.flagsOf("alice", "INBOX", 1));
        assertEquals("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Important)\r\n"
                + "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Important \\*)] Limited\r\n"
                + "* 2 FETCH (FLAGS (\\Recent $Important) UID 2)\r\n* 3 FETCH (FLAGS (\\Recent $Important) UID 3)"
                + "\r\nc OK UID STORE completed\r\n", d.send("c UID STORE 2:* FLAGS ($Important)\r\n"));
        assertEquals("d BAD Invalid flag \\Recent\r\n", d.send("d STORE 1 +FLAGS (\\Recent)\r\n"));
        assertEquals("e BAD Invalid message sequence number\r\n", d.send("e STORE 9 +FLAGS (\\Seen)\r\n"));
    }

    @Test
    void searchSupportsFlagsHeadersBodiesAndCharsets() {
        ImapDialogue d = inboxWithThree().selected("INBOX");
        d.send("a STORE 1 +FLAGS.SILENT (\\Seen)\r\n");
        assertEquals("* SEARCH 2 3\r\nb OK SEARCH completed\r\n", d.send("b SEARCH UNSEEN\r\n"));
        assertEquals("* SEARCH 2\r\nc OK UID SEARCH completed\r\n",
                d.sendUtf8("c UID SEARCH CHARSET UTF-8 BODY \"café\"\r\n"));
        assertEquals("+ Ready for literal data\r\n", d.send("d SEARCH CHARSET UTF-8 TEXT {5}\r\n"));
        assertEquals("* SEARCH 2\r\nd OK SEARCH completed\r\n", d.sendUtf8("café\r\n"));
        assertEquals("* SEARCH 1 3\r\ne OK SEARCH completed\r\n",
                d.send("e SEARCH OR FROM alice (SUBJECT fwd NOT SEEN)\r\n"));
        assertEquals("* SEARCH 1\r\nf OK SEARCH completed\r\n", d.send("f SEARCH SENTBEFORE 20-Nov-2026 1:2\r\n"));
        assertEquals("g NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset\r\n",
                d.send("g SEARCH CHARSET KOI8-R ALL\r\n"));
        assertEquals("* SEARCH\r\nh OK SEARCH completed\r\n", d.send("h SEARCH LARGER 100000\r\n"));
        assertEquals("* SEARCH 1 2 3\r\ni OK SEARCH completed\r\n", d.send("i SEARCH RECENT\r\n"));
        assertEquals("* SEARCH\r\nj OK SEARCH completed\r\n", d.send("j SEARCH OLD\r\n"));
        assertEquals("k BAD Unknown search key BOGUS\r\n", d.send("k SEARCH BOGUS\r\n"));
    }

    @Test
    void expungeRenumbersTheMessagesThatFollow() {
        ImapDialogue d = inboxWithThree().selected("INBOX");
        d.send("a STORE 1:2 +FLAGS.SILENT (\\Deleted)\r\n");
        assertEquals("* 1 EXPUNGE\r\n* 1 EXPUNGE\r\nb OK EXPUNGE completed\r\n", d.send("b EXPUNGE\r\n"));
        assertEquals("* 1 FETCH (UID 3)\r\nc OK FETCH completed\r\n", d.send("c FETCH 1 UID\r\n"));
        assertEquals("d BAD Invalid message sequence number\r\n", d.send("d FETCH 2 UID\r\n"));
    }

    @Test
    void uidExpungeRemovesOnlyTheGivenDeletedMessages() {
        ImapDialogue d = inboxWithThree().selected("INBOX");
        d.send("a STORE 1:3 +FLAGS.SILENT (\\Deleted)\r\n");
        assertEquals("* 2 EXPUNGE\r\nb OK UID EXPUNGE completed\r\n", d.send("b UID EXPUNGE 2\r\n"));
        assertEquals(2, store.size("alice", "INBOX"));
    }

    @Test
    void copyAnswersWithCopyUidAndMoveExpungesTheSources() {
        ImapDialogue d = inboxWithThree().selected("INBOX");
        assertEquals("a OK [COPYUID 1004 1:2 1:2] COPY completed\r\n", d.send("a COPY 1:2 Junk\r\n"));
        assertEquals("* OK [COPYUID 1003 2:3 1:2] Moved\r\n* 2 EXPUNGE\r\n* 2 EXPUNGE\r\n"
                + "b OK UID MOVE completed\r\n", d.send("b UID MOVE 2:3 Trash\r\n"));
        assertEquals(1, store.size("alice", "INBOX"));
        assertEquals("c NO [TRYCREATE] No such mailbox\r\n", d.send("c COPY 1 Nowhere\r\n"));
    }

    @Test
    void appendStoresTheLiteralAndAnnouncesItInTheSelectedMailbox() {
        ImapDialogue d = inboxWithThree().selected("INBOX");
        String message = "Subject: appended\r\n\r\nbody\r\n";
        assertEquals("+ Ready for literal data\r\n",
                d.send("a APPEND INBOX (\\Seen) \"21-Nov-2026 12:00:00 +0000\" {" + message.length() + "}\r\n"));
        assertEquals("* 4 EXISTS\r\n* 4 RECENT\r\na OK [APPENDUID 1000 4] APPEND completed\r\n",
                d.send(message + "\r\n"));
        assertEquals("* 4 FETCH (FLAGS (\\Seen \\Recent) INTERNALDATE \"21-Nov-2026 12:00:00 +0000\")\r\n"
                + "b OK FETCH completed\r\n", d.send("b FETCH 4 (FLAGS INTERNALDATE)\r\n"));
        assertEquals("c NO [TRYCREATE] No such mailbox\r\n", d.send("c APPEND Nowhere {1+}\r\nx\r\n"));
    }

    @Test
    void uidsAboveTwoToTheThirtyOneFetchStoreAndSearchThroughTheSession() {
        store.nextUid("alice", "INBOX", 2_147_483_647L);
        store.deliver("alice", "INBOX", Mails.SIMPLE);
        store.deliver("alice", "INBOX", Mails.SIMPLE);
        store.nextUid("alice", "INBOX", 3_000_000_000L);
        store.deliver("alice", "INBOX", Mails.SIMPLE);
        store.nextUid("alice", "INBOX", 4_294_967_295L);
        store.deliver("alice", "INBOX", Mails.SIMPLE);
        ImapDialogue d = ImapDialogue.overTls(store).loggedIn().selected("INBOX");
        assertEquals("* 4 FETCH (UID 4294967295)\r\na OK FETCH completed\r\n", d.send("a FETCH * (UID)\r\n"));
        assertEquals("* 3 FETCH (UID 3000000000)\r\n* 4 FETCH (UID 4294967295)\r\nb OK UID FETCH completed\r\n",
                d.send("b UID FETCH 2147483649:* (UID)\r\n"));
        assertEquals("* 2 FETCH (UID 2147483648)\r\n* 3 FETCH (UID 3000000000)\r\nc OK UID FETCH completed\r\n",
                d.send("c UID FETCH 2147483648:3000000000 (UID)\r\n"));
        assertEquals("* 4 FETCH (FLAGS (\\Seen \\Recent) UID 4294967295)\r\nd OK UID STORE completed\r\n",
                d.send("d UID STORE 4294967295 +FLAGS (\\Seen)\r\n"));
        assertEquals("* SEARCH 3000000000 4294967295\r\ne OK UID SEARCH completed\r\n",
                d.send("e UID SEARCH UID 2200000000:*\r\n"));
        assertEquals("* SEARCH 1 2 3\r\nf OK SEARCH completed\r\n", d.send("f SEARCH UNSEEN\r\n"));
        assertEquals("* SEARCH 2147483647 2147483648\r\ng OK UID SEARCH completed\r\n",
                d.send("g UID SEARCH 1:2\r\n"));
    }

    @Test
    void anIdleSessionHoldsNoBuffersAfterAppendAndFetch() {
        ImapDialogue d = inboxWithThree().selected("INBOX");
        String message = "Subject: appended\r\n\r\n" + "x".repeat(9_000) + "\r\n";
        d.send("a APPEND INBOX {" + message.length() + "}\r\n");
        assertTrue(d.driver.assemblingCommand());
        assertTrue(d.send(message + "\r\n").contains("a OK [APPENDUID"));
        assertFalse(d.driver.assemblingCommand());
        assertTrue(d.send("b FETCH 1:* BODY[]\r\n").endsWith("b OK FETCH completed\r\n"));
        assertEquals("+ idling\r\n", d.send("c IDLE\r\n"));
        assertFalse(d.driver.assemblingCommand());
        assertEquals(0, d.session().out().capacity());
        assertEquals(4, d.session().selected().exists());
        assertEquals("c OK IDLE terminated\r\n", d.send("DONE\r\n"));
    }

    @Test
    void nonSynchronizingLiteralsNeedNoContinuation() {
        ImapDialogue d = ImapDialogue.overTls(store);
        assertEquals("a OK [CAPABILITY IMAP4rev1 LITERAL+ SASL-IR ENABLE ID IDLE NAMESPACE UNSELECT UIDPLUS MOVE "
                + "CHILDREN SPECIAL-USE] Logged in\r\n", d.send("a LOGIN {5+}\r\nalice {6+}\r\nsecret\r\n"));
    }

    @Test
    void synchronizingLiteralsAreReadAcrossChunks() {
        ImapDialogue d = ImapDialogue.overTls(store);
        assertEquals("+ Ready for literal data\r\n", d.send("a LOGIN {5}\r\n"));
        assertEquals("", d.send("al"));
        assertEquals("+ Ready for literal data\r\n", d.send("ice {6}\r\n"));
        assertTrue(d.send("secret\r\n").startsWith("a OK [CAPABILITY"));
    }

    @Test
    void listShowsChildrenAndSpecialUseAndHandlesPatterns() {
        ImapDialogue d = ImapDialogue.overTls(store).loggedIn();
        assertEquals("a OK CREATE completed\r\n", d.send("a CREATE Projects/2026/Q4\r\n"));
        assertEquals("* LIST (\\HasChildren) \"/\" \"Projects\"\r\n"
                + "* LIST (\\HasChildren) \"/\" \"Projects/2026\"\r\n"
                + "* LIST (\\HasNoChildren) \"/\" \"Projects/2026/Q4\"\r\n"
                + "b OK LIST completed\r\n", d.send("b LIST \"\" Projects*\r\n"));
        assertEquals("* LIST (\\HasChildren) \"/\" \"Projects/2026\"\r\nc OK LIST completed\r\n",
                d.send("c LIST Projects/ %\r\n"));
        assertEquals("* LIST (\\Noselect) \"/\" \"\"\r\nd OK LIST completed\r\n", d.send("d LIST \"\" \"\"\r\n"));
        assertEquals("* LIST (\\HasNoChildren \\Trash) \"/\" \"Trash\"\r\ne OK LIST completed\r\n",
                d.send("e LIST \"\" Trash\r\n"));
        assertEquals("* LIST (\\HasNoChildren) \"/\" \"INBOX\"\r\nf OK LIST completed\r\n",
                d.send("f LIST \"\" inbox\r\n"));
    }

    @Test
    void internationalMailboxNamesTravelInModifiedUtf7() {
        ImapDialogue d = ImapDialogue.overTls(store).loggedIn();
        assertEquals("a OK CREATE completed\r\n", d.send("a CREATE R&AOk-sum&AOk-\r\n"));
        assertEquals("* LIST (\\HasNoChildren) \"/\" \"R&AOk-sum&AOk-\"\r\nb OK LIST completed\r\n",
                d.send("b LIST \"\" R*\r\n"));
        assertEquals("c NO [CANNOT] Invalid mailbox name: not valid modified UTF-7\r\n",
                d.send("c CREATE R&AOk\r\n"));
    }

    @Test
    void subscriptionsRenameAndDeleteFollowRfc3501() {
        ImapDialogue d = ImapDialogue.overTls(store).loggedIn();
        d.send("a CREATE Old\r\n");
        assertEquals("b OK SUBSCRIBE completed\r\n", d.send("b SUBSCRIBE Old\r\n"));
        assertEquals("* LSUB () \"/\" \"Old\"\r\nc OK LSUB completed\r\n", d.send("c LSUB \"\" O*\r\n"));
        assertEquals("d OK RENAME completed\r\n", d.send("d RENAME Old New\r\n"));
        assertEquals("e NO [ALREADYEXISTS] Target exists\r\n", d.send("e RENAME New Sent\r\n"));
        assertEquals("* LSUB (\\Noselect) \"/\" \"Old\"\r\nf OK LSUB completed\r\n", d.send("f LSUB \"\" O*\r\n"));
        assertEquals("g OK DELETE completed\r\n", d.send("g DELETE New\r\n"));
        assertEquals("h NO [NONEXISTENT] No such mailbox\r\n", d.send("h DELETE New\r\n"));
        assertEquals("i NO [CANNOT] INBOX cannot be deleted\r\n", d.send("i DELETE inbox\r\n"));
        assertEquals("j NO [ALREADYEXISTS] Cannot create this mailbox\r\n", d.send("j CREATE INBOX\r\n"));
    }

    @Test
    void renamingInboxMovesItsMessagesAndLeavesItEmpty() {
        ImapDialogue d = inboxWithThree();
        assertEquals("a OK RENAME completed\r\n", d.send("a RENAME INBOX Saved\r\n"));
        assertEquals("* STATUS \"INBOX\" (MESSAGES 0)\r\nb OK STATUS completed\r\n",
                d.send("b STATUS INBOX (MESSAGES)\r\n"));
        assertEquals("* STATUS \"Saved\" (MESSAGES 3 UNSEEN 3)\r\nc OK STATUS completed\r\n",
                d.send("c STATUS Saved (MESSAGES UNSEEN)\r\n"));
    }

    @Test
    void closeExpungesAndUnselectDoesNot() {
        ImapDialogue d = inboxWithThree().selected("INBOX");
        d.send("a STORE 1 +FLAGS.SILENT (\\Deleted)\r\n");
        assertEquals("b OK UNSELECT completed\r\n", d.send("b UNSELECT\r\n"));
        assertEquals(3, store.size("alice", "INBOX"));
        assertEquals(Optional.empty(), d.driver.selectedMailboxKey());
        assertEquals("c BAD Command not valid in this state\r\n", d.send("c FETCH 1 UID\r\n"));
        d.selected("INBOX");
        assertEquals("d OK CLOSE completed\r\n", d.send("d CLOSE\r\n"));
        assertEquals(2, store.size("alice", "INBOX"));
        assertEquals(ImapState.AUTHENTICATED, d.session().state());
    }

    @Test
    void namespaceIdEnableAndNoopAnswer() {
        ImapDialogue d = ImapDialogue.overTls(store).loggedIn();
        assertEquals("* NAMESPACE ((\"\" \"/\")) NIL NIL\r\na OK NAMESPACE completed\r\n", d.send("a NAMESPACE\r\n"));
        assertEquals("* ID (\"name\" \"Postroom\")\r\nb OK ID completed\r\n",
                d.send("b ID (\"name\" \"Thunderbird\" \"version\" NIL)\r\n"));
        assertEquals("* ENABLED\r\nc OK ENABLE completed\r\n", d.send("c ENABLE CONDSTORE\r\n"));
        assertEquals("d OK NOOP completed\r\n", d.send("d NOOP\r\n"));
    }

    @Test
    void malformedCommandsAreBadAndTheSessionGoesOn() {
        ImapDialogue d = ImapDialogue.overTls(store).loggedIn();
        assertEquals("* BAD Missing or invalid tag\r\n", d.send("\r\n"));
        assertEquals("a BAD Unknown command\r\n", d.send("a FROB\r\n"));
        assertEquals("b BAD Missing argument\r\n", d.send("b SELECT\r\n"));
        assertEquals("c BAD Unexpected extra arguments\r\n", d.send("c NOOP now\r\n"));
        assertEquals("d BAD Command not valid in this state\r\n", d.send("d FETCH 1 FLAGS\r\n"));
        assertEquals("e BAD Command not valid in this state\r\n", d.send("e LOGIN alice secret\r\n"));
        assertEquals("f BAD Unterminated quoted string\r\n", d.send("f SELECT \"INBOX\r\n"));
        assertEquals("g OK NOOP completed\r\n", d.send("g NOOP\r\n"));
    }

    @Test
    void envelopeAloneIsCopiedFromTheStoredFormAndWithBodystructureRenderedFromTheStructure() {
        ImapDialogue d = inboxWithThree().selected("INBOX");
        store.storedEnvelope("(NIL \"as stored\" NIL NIL NIL NIL NIL NIL NIL NIL)".getBytes(StandardCharsets.US_ASCII));
        assertTrue(d.send("e FETCH 1 (UID ENVELOPE)\r\n").startsWith(
                "* 1 FETCH (UID 1 ENVELOPE (NIL \"as stored\" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n"));
        int before = store.callCount("fetch");
        String both = d.send("f FETCH 1 (ENVELOPE BODYSTRUCTURE)\r\n");
        assertEquals(before + 1, store.callCount("fetch"), "the structure is needed: fetch with it");
        assertTrue(both.startsWith("* 1 FETCH (ENVELOPE " + ENV_SIMPLE + " BODYSTRUCTURE ("), both);
    }

    @Test
    void logoutSaysByeAndCloses() {
        ImapDialogue d = ImapDialogue.overTls(store);
        assertEquals("* BYE imap.example.org logging out\r\na OK LOGOUT completed\r\n", d.send("a LOGOUT\r\n"));
        assertTrue(d.lastOutput().close());
        assertEquals("", d.send("b NOOP\r\n"));
        assertFalse(d.lastOutput().close());
    }

    @Test
    void fetchOfTenThousandMessagesIsOneMetadataCallAndNoContentRead() {
        for (int i = 0; i < 10_000; i++) {
            store.deliver("alice", "INBOX", Mails.SIMPLE);
        }
        ImapDialogue d = ImapDialogue.overTls(store).loggedIn().selected("INBOX");
        int fetches = store.callCount("fetchEnvelopes");
        String answer = d.send("a FETCH 1:* (FLAGS ENVELOPE)\r\n");
        assertEquals(fetches + 1, store.callCount("fetchEnvelopes"));
        assertEquals(0, store.callCount("content"));
        assertEquals(0, store.callCount("changesSince"));
        assertEquals(10_001, answer.split("\r\n").length);
        assertTrue(answer.contains("* 10000 FETCH (FLAGS (\\Recent) ENVELOPE " + ENV_SIMPLE + ")\r\n"));
    }

    @Test
    void idleWorksWithoutASelectedMailboxAndCommandsNeedTheRightState() {
        ImapDialogue d = ImapDialogue.overTls(store);
        assertEquals("a BAD Command not valid in this state\r\n", d.send("a IDLE\r\n"));
        assertEquals("b BAD Command not valid in this state\r\n", d.send("b ENABLE IDLE\r\n"));
        d.loggedIn();
        assertEquals("+ idling\r\n", d.send("c IDLE\r\n"));
        assertEquals("", d.driver.mailboxChanged().text());
        assertEquals("c OK IDLE terminated\r\nd OK NOOP completed\r\n", d.send("DONE\r\nd NOOP\r\n"));
    }
}
