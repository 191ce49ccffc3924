package org.postroom.protocol.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.postroom.connector.api.mime.Address;
import org.postroom.connector.api.mime.Envelope;

/** One regression test per injection or parsing threat, named after the threat. */
class ImapThreatRegressionTest {

    private final InMemoryMailStore store = ImapDialogue.aliceStore();

    @Test
    void plaintextCommandsPipelinedAfterStartTlsAreNeverExecuted() {
        // STARTTLS command injection (CVE-2011-0411 class, RFC 3501 section 6.2.1): bytes after STARTTLS in the same
        // plaintext packet could come from a man in the middle and must not run inside the TLS session.
        ImapDialogue d = new ImapDialogue(store, new ImapConfig(ImapDialogue.HOST, true, true, false, 1000),
                ImapDialogue.LOOPBACK, org.postroom.protocol.AuthFailurePolicy.NONE);
        assertEquals("a OK Begin TLS negotiation now\r\n",
                d.send("a STARTTLS\r\nb LOGIN alice secret\r\nc SELECT INBOX\r\n"));
        assertTrue(d.lastOutput().startTls());
        assertEquals("", d.send("d LOGIN alice sec"));
        d.driver.tlsStarted();
        assertEquals("e BAD Unknown command\r\n", d.send("e FROB\r\n"));
        assertEquals(ImapState.NOT_AUTHENTICATED, d.session().state());
        assertEquals(0, store.callCount("authenticate"));
    }

    @Test
    void listPatternBombOverALongMailboxNameIsAnsweredInBoundedTime() throws Exception {
        // issue 14: LIST patterns were regular expressions, and .*a.*a...b backtracks for ever over a long name
        store.create(new org.postroom.connector.api.AuthenticatedUser("alice"), "a".repeat(300));
        ImapDialogue d = ImapDialogue.overTls(store).loggedIn();
        String answer = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
                () -> d.send("a LIST \"\" \"*a*a*a*a*a*a*a*a*a*a*b\"\r\n"));
        assertEquals("a OK LIST completed\r\n", answer);
        assertTrue(d.send("b LIST \"\" \"*a*a*a*a*a*a*a*a*a*a*\"\r\n").contains("a".repeat(300)));
    }

    @Test
    void overlongCommandLineIsRefusedWithoutBufferingAndTheSessionGoesOn() {
        ImapDialogue d = ImapDialogue.overTls(store).loggedIn();
        String huge = "a SELECT " + "x".repeat(ImapConfig.MAX_LINE_LENGTH);
        assertEquals("", d.send(huge));
        assertEquals("", d.send("y".repeat(100_000)));
        assertEquals("* BAD Command line too long\r\nb OK NOOP completed\r\n", d.send("\r\nb NOOP\r\n"));
        assertEquals(ImapState.AUTHENTICATED, d.session().state());
    }

    @Test
    void oversizedSynchronizingLiteralIsRefusedBeforeItIsRead() {
        ImapDialogue d = ImapDialogue.overTls(store).loggedIn();
        assertEquals("a NO [TOOBIG] Message too large\r\n",
                d.send("a APPEND INBOX {" + (ImapDialogue.MAX_MESSAGE + 1) + "}\r\n"));
        assertEquals("b BAD Literal too large\r\n", d.send("b SELECT {" + (ImapConfig.MAX_LITERAL_SIZE + 1) + "}\r\n"));
        assertEquals("c OK NOOP completed\r\n", d.send("c NOOP\r\n"));
        assertEquals(0, store.callCount("append"));
    }

    @Test
    void beforeLoginNonSynchronizingLiteralsOver4KiBCloseTheConnectionAsLiteralMinusSays() {
        // issue 14, RFC 7888 section 5 (LITERAL-): an unauthenticated client may not push big literals unasked
        ImapDialogue d = ImapDialogue.overTls(store);
        assertTrue(d.greeting.contains(" LITERAL- "), d.greeting);
        String answer = d.send("a LOGIN {4097+}\r\n" + "x".repeat(4097) + " {6+}\r\nsecret\r\nb NOOP\r\n");
        assertTrue(answer.startsWith("a BAD ") && answer.endsWith("* BYE Closing connection\r\n"), answer);
        assertTrue(d.lastOutput().close());
        assertEquals(0, store.callCount("authenticate"));
    }

    @Test
    void beforeLoginACommandIsAt64KiBLiteralsIncluded() {
        ImapDialogue d = ImapDialogue.overTls(store);
        assertEquals("a BAD Literal too large\r\n", d.send("a LOGIN {" + (64 * 1024 + 1) + "}\r\n"));
        assertTrue(d.send("b LOGIN {40000}\r\n").startsWith("+ "));
        assertEquals("b BAD Literal too large\r\n", d.send("y".repeat(40000) + " {40000}\r\n"));
        assertEquals("c OK NOOP completed\r\n", d.send("c NOOP\r\n"));
        assertEquals(0, store.callCount("authenticate"));
    }

    @Test
    void afterLoginLiteralPlusAllowsLargerNonSynchronizingLiterals() {
        ImapDialogue d = ImapDialogue.overTls(store).loggedIn();
        assertTrue(d.send("a CAPABILITY\r\n").contains(" LITERAL+ "));
        assertTrue(d.send("b LIST \"\" {5000+}\r\n" + "z".repeat(5000) + "\r\n").endsWith("b OK LIST completed\r\n"));
    }

    @Test
    void oversizedNonSynchronizingLiteralClosesTheConnection() {
        // RFC 7888 section 4: the octets are already on the wire and cannot be told apart from commands
        ImapDialogue d = ImapDialogue.overTls(store).loggedIn();
        assertEquals("a BAD [TOOBIG] Literal too large\r\n* BYE Closing connection\r\n",
                d.send("a APPEND INBOX {" + (ImapDialogue.MAX_MESSAGE + 1) + "+}\r\nb LOGOUT\r\n"));
        assertTrue(d.lastOutput().close());
        assertEquals("", d.send("c NOOP\r\n"));
    }

    @Test
    void literalContentIsNeverParsedAsCommands() {
        // a literal that contains CRLF and something looking like a command stays data
        ImapDialogue d = ImapDialogue.overTls(store).loggedIn();
        String message = "Subject: x\r\n\r\nb LOGOUT\r\n";
        assertEquals("a OK [APPENDUID 1000 1] APPEND completed\r\n",
                d.send("a APPEND INBOX {" + message.length() + "+}\r\n" + message + "\r\n"));
        assertFalse(d.lastOutput().close());
        assertEquals(1, store.size("alice", "INBOX"));
    }

    @Test
    void headerValuesWithLineBreaksOrEightBitAreSentAsLiteralsNotQuoted() {
        // response splitting: a quoted string must never contain CR or LF, or a client would read a new response
        ResponseWriter out = new ResponseWriter();
        StructureEncoder.envelope(out, new Envelope(null, "a\r\n* 1 EXPUNGE", List.of(), List.of(), List.of(),
                List.of(new Address("Zo\u00eb", null, "zoe", "example.org")), List.of(), List.of(), null, null));
        String encoded = new String(out.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(encoded.startsWith("(NIL {14}\r\na\r\n* 1 EXPUNGE NIL NIL NIL (({4}\r\nZo"), encoded);
    }

    @Test
    void quotedStringsEscapeQuotesAndBackslashes() {
        ResponseWriter out = new ResponseWriter().string("say \"hi\" \\o/");
        assertEquals("\"say \\\"hi\\\" \\\\o/\"", new String(out.toByteArray()));
    }

    @Test
    void responseTextCannotCarryALineBreak() {
        ResponseWriter out = new ResponseWriter().status("a", "NO", null, "bad\r\n* BYE");
        assertEquals("a NO bad??* BYE\r\n", new String(out.toByteArray()));
    }

    @Test
    void deeplyNestedSearchProgramIsRefusedNotAStackOverflow() {
        store.deliver("alice", "INBOX", Mails.SIMPLE);
        ImapDialogue d = ImapDialogue.overTls(store).loggedIn().selected("INBOX");
        String nested = "NOT ".repeat(1000) + "ALL";
        assertEquals("a BAD Search program nested too deeply\r\n", d.send("a SEARCH " + nested + "\r\n"));
        assertEquals("b BAD Search program nested too deeply\r\n",
                d.send("b SEARCH " + "(".repeat(100) + "ALL" + ")".repeat(100) + "\r\n"));
    }

    @Test
    void literalLengthThatIsNotANumberIsNotALiteral() {
        ImapDialogue d = ImapDialogue.overTls(store);
        assertEquals("a BAD Expected a number at position 9\r\n", d.send("a LOGIN {x}\r\n"));
        assertEquals("b BAD Literal too large\r\n", d.send("b LOGIN {99999999999999999}\r\n"));
    }

    @Test
    void passwordLiteralIsNotInvitedWherePasswordsMayNotBeSent() {
        // a client that ignores LOGINDISABLED must not be asked to send its password in plaintext
        ImapDialogue d = ImapDialogue.plainWithStartTls(store);
        assertEquals("a NO [PRIVACYREQUIRED] Use STARTTLS or a TLS port first\r\n", d.send("a LOGIN alice {6}\r\n"));
        assertEquals("b OK NOOP completed\r\n", d.send("b NOOP\r\n"));
    }

    @Test
    void unauthenticatedClientCannotMakeTheServerBufferAMessage() {
        // APPEND before LOGIN: the literal is refused when announced instead of being read into memory
        ImapDialogue d = ImapDialogue.overTls(store);
        assertEquals("a BAD Command not valid in this state\r\n", d.send("a APPEND INBOX {5000}\r\n"));
        assertEquals("b BAD Literal too large\r\n",
                d.send("b APPEND INBOX {" + (ImapConfig.MAX_LITERAL_SIZE + 1) + "}\r\n"));
        assertEquals("c BAD Unknown command\r\n", d.send("c FROB {10}\r\n"));
        assertEquals(0, store.callCount("append"));
    }

    @Test
    void overlongSaslResponseEndsTheExchange() {
        ImapDialogue d = ImapDialogue.overTls(store);
        assertEquals("+ \r\n", d.send("a AUTHENTICATE PLAIN\r\n"));
        assertEquals("a BAD Response too long\r\nb BAD Command not valid in this state\r\n",
                d.send("A".repeat(ImapConfig.MAX_LINE_LENGTH) + "\r\nb SELECT INBOX\r\n"));
        assertEquals(ImapState.NOT_AUTHENTICATED, d.session().state());
    }

    @Test
    void mailboxNamesWithListWildcardsCannotBeCreated() {
        ImapDialogue d = ImapDialogue.overTls(store).loggedIn();
        assertEquals("a NO [CANNOT] Mailbox names cannot contain * or %\r\n", d.send("a CREATE \"a*b\"\r\n"));
        assertEquals(0, store.callCount("create"));
    }

    @Test
    void invalidTagIsNeverEchoedBack() {
        ImapDialogue d = ImapDialogue.overTls(store);
        assertEquals("* BAD Missing or invalid tag\r\n", d.send("+x\"y LOGIN {5}\r\n"));
        assertEquals("* BAD Missing or invalid tag\r\n", d.send("a\u0001 NOOP\r\n"));
    }
}
