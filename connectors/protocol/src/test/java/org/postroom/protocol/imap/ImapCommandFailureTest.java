package org.postroom.protocol.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postroom.connector.api.imap.MailboxChanges;
import org.postroom.connector.api.imap.MailboxSessionListener;
import org.postroom.connector.api.imap.MessageFlags;
import org.postroom.protocol.AuthFailurePolicy;

/**
 * Issue 11 item 2: a mailbox name that is well-formed but not modified UTF-7 is answered NO (the name names no
 * mailbox), never BAD; and no failure of a command, of the listener under it or of the updates after it ends the
 * session: the command gets a tagged NO and the next command is served.
 */
class ImapCommandFailureTest {

    /** The name of the issue: a shift ({@code &'+,-}) whose content is not modified base64. */
    private static final String ODD = "!#$&'+,-.0123456789:;<=>?@^_`|[}";

    private final InMemoryMailStore store = ImapDialogue.aliceStore();
    /** Listener methods that throw, by name, while present. */
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    /** A dialogue whose listener is the store, except that the methods named in {@link #failing} throw. */
    private ImapDialogue withFailures() {
        MailboxSessionListener listener = (MailboxSessionListener) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[]{MailboxSessionListener.class}, (proxy, method, args) -> {
                    if (failing.contains(method.getName())) {
                        throw new IllegalStateException("injected failure in " + method.getName());
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ImapConfig config = new ImapConfig(ImapDialogue.HOST, false, false, true, ImapDialogue.MAX_MESSAGE);
        return new ImapDialogue(store, new ImapProtocol(config, listener, AuthFailurePolicy.NONE, () -> "S1"),
                ImapDialogue.REMOTE).loggedIn();
    }

    private void assertSessionGoesOn(ImapDialogue d) {
        assertFalse(d.lastOutput().close(), "the connection must stay open");
        assertEquals("z OK NOOP completed\r\n", d.send("z NOOP\r\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT", "EXAMINE", "DELETE", "SUBSCRIBE", "UNSUBSCRIBE"})
    void aNameThatIsNotModifiedUtf7NamesNoMailbox(String command) {
        ImapDialogue d = ImapDialogue.overTls(store).loggedIn();
        assertEquals("a NO [NONEXISTENT] No such mailbox: the name is not valid modified UTF-7\r\n",
                d.send("a " + command + " " + ODD + "\r\n"));
        assertSessionGoesOn(d);
    }

    @Test
    void statusAppendCopyAndMoveToAnInvalidNameFindNoMailbox() {
        store.deliver("alice", "INBOX", Mails.SIMPLE);
        ImapDialogue d = ImapDialogue.overTls(store).loggedIn();
        String nonexistent = " NO [NONEXISTENT] No such mailbox: the name is not valid modified UTF-7\r\n";
        assertEquals("a" + nonexistent, d.send("a STATUS " + ODD + " (MESSAGES)\r\n"));
        assertEquals("b" + nonexistent, d.send("b APPEND " + ODD + " {5+}\r\nhello\r\n"));
        d.selected("INBOX");
        assertEquals("c" + nonexistent, d.send("c COPY 1 \"&Jjo\"\r\n"));
        assertEquals("d" + nonexistent, d.send("d UID MOVE 1 &AGE-\r\n")); // a shift that encodes ASCII 'a'
        assertEquals(1, store.size("alice", "INBOX"));
        assertSessionGoesOn(d);
    }

    @Test
    void createAndRenameRefuseAnInvalidNameAndRenameFindsNoInvalidSource() {
        ImapDialogue d = ImapDialogue.overTls(store).loggedIn();
        String refused = " NO [CANNOT] Invalid mailbox name: not valid modified UTF-7\r\n";
        assertEquals("a" + refused, d.send("a CREATE " + ODD + "\r\n"));
        assertEquals("b" + refused, d.send("b CREATE \"box/&Jjo\"\r\n"));
        assertEquals("c" + refused, d.send("c RENAME Trash " + ODD + "\r\n"));
        assertEquals("d NO [NONEXISTENT] No such mailbox: the name is not valid modified UTF-7\r\n",
                d.send("d RENAME " + ODD + " Other\r\n"));
        assertTrue(d.send("e LIST \"\" Trash\r\n").contains("\"Trash\""));
        assertSessionGoesOn(d);
    }

    @Test
    void aFailedSelectOfAnInvalidNameLeavesNoMailboxSelected() {
        ImapDialogue d = ImapDialogue.overTls(store).loggedIn().selected("INBOX");
        d.send("a SELECT " + ODD + "\r\n");
        assertEquals(ImapState.AUTHENTICATED, d.session().state());
    }

    @Test
    void listAndLsubWithAnInvalidPatternAnswerNoAndTheSessionGoesOn() {
        ImapDialogue d = ImapDialogue.overTls(store).loggedIn();
        String no = " NO Cannot list that name: not valid modified UTF-7\r\n";
        assertEquals("a" + no, d.send("a LIST \"\" " + ODD + "%*\r\n"));
        assertEquals("b" + no, d.send("b LIST \"\" \"" + ODD + "%*\"\r\n"));
        assertEquals("c" + no, d.send("c LSUB \"\" &%\r\n"));
        assertEquals("d" + no, d.send("d LIST " + ODD + " %\r\n"));
        assertEquals("e" + no, d.send("e LIST \"\" {34+}\r\n" + ODD + "%*\r\n"));
        assertTrue(d.send("f LIST \"\" %\r\n").endsWith("f OK LIST completed\r\n"));
        assertSessionGoesOn(d);
    }

    @Test
    void aWellFormedNameWithAnOddCharacterIsStillBadWhereTheGrammarIsBroken() {
        ImapDialogue d = ImapDialogue.overTls(store).loggedIn();
        assertTrue(d.send("a LIST \"\" (\r\n").startsWith("a BAD Expected a mailbox pattern"));
        assertSessionGoesOn(d);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mailboxes", "subscriptions"})
    void aListenerThatThrowsDuringListGivesATaggedNoAndTheSessionGoesOn(String method) {
        ImapDialogue d = withFailures();
        failing.add(method);
        String answer = d.send("a " + (method.equals("mailboxes") ? "LIST" : "LSUB") + " \"\" *\r\n");
        assertEquals("a NO [UNAVAILABLE] Temporarily unavailable, try again later\r\n", answer);
        failing.clear();
        assertTrue(d.send("b LIST \"\" INBOX\r\n").endsWith("b OK LIST completed\r\n"));
        assertSessionGoesOn(d);
    }

    @Test
    void aListenerThatThrowsInAnyCommandLeavesTheSessionUsable() {
        store.deliver("alice", "INBOX", Mails.SIMPLE);
        ImapDialogue d = withFailures();
        failing.addAll(Set.of("select", "status", "create", "fetch", "fetchEnvelopes", "fetchWithContent", "store",
                "search", "copy", "append"));
        assertTrue(d.send("a SELECT INBOX\r\n").startsWith("a NO [UNAVAILABLE]"));
        assertTrue(d.send("b STATUS INBOX (MESSAGES)\r\n").startsWith("b NO [UNAVAILABLE]"));
        assertTrue(d.send("c CREATE Box\r\n").startsWith("c NO [UNAVAILABLE]"));
        assertTrue(d.send("d APPEND INBOX {5+}\r\nhello\r\n").startsWith("d NO [UNAVAILABLE]"));
        failing.remove("select");
        d.selected("INBOX");
        assertTrue(d.send("e FETCH 1 (FLAGS)\r\n").startsWith("e NO [UNAVAILABLE]"));
        assertTrue(d.send("f FETCH 1 BODY[]\r\n").startsWith("f NO [UNAVAILABLE]"));
        assertTrue(d.send("f2 FETCH 1 (FLAGS ENVELOPE)\r\n").startsWith("f2 NO [UNAVAILABLE]"));
        assertTrue(d.send("g STORE 1 +FLAGS (\\Seen)\r\n").startsWith("g NO [UNAVAILABLE]"));
        assertTrue(d.send("h SEARCH SUBJECT x\r\n").startsWith("h NO [UNAVAILABLE]"));
        assertTrue(d.send("i COPY 1 Trash\r\n").startsWith("i NO [UNAVAILABLE]"));
        assertSessionGoesOn(d);
    }

    @Test
    void aListenerThatThrowsWhileTheUpdatesAfterACommandAreFetchedDoesNotEndTheSession() {
        store.deliver("alice", "INBOX", Mails.SIMPLE);
        ImapDialogue d = withFailures().selected("INBOX");
        store.deliver("alice", "INBOX", Mails.MULTIPART);
        d.session().mailboxChanged();
        failing.add("changesSince");
        assertEquals("a OK NOOP completed\r\n", d.send("a NOOP\r\n"));
        failing.clear();
        assertEquals("* 2 EXISTS\r\n* 2 RECENT\r\nb OK NOOP completed\r\n", d.send("b NOOP\r\n"));
    }

    @Test
    void changesTheViewCannotTakeAreLoggedAndTheCommandStillCompletes() {
        // a store bug (a UID IMAP cannot carry) made SelectedMailbox#apply throw after the command, out of dispatch
        store.deliver("alice", "INBOX", Mails.SIMPLE);
        MailboxSessionListener broken = (MailboxSessionListener) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[]{MailboxSessionListener.class}, (proxy, method, args) -> {
                    if (method.getName().equals("changesSince")) {
                        return new MailboxChanges(99, java.util.List.of(new MessageFlags(1L << 33, Set.of(), true)),
                                java.util.List.of(), java.util.List.of());
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ImapConfig config = new ImapConfig(ImapDialogue.HOST, false, false, true, ImapDialogue.MAX_MESSAGE);
        ImapDialogue d = new ImapDialogue(store, new ImapProtocol(config, broken, AuthFailurePolicy.NONE,
                () -> "S1"), ImapDialogue.REMOTE).loggedIn().selected("INBOX");
        assertEquals("a OK NOOP completed\r\n", d.send("a NOOP\r\n"));
        d.send("b IDLE\r\n");
        d.session().mailboxChanged();
        assertEquals("b OK IDLE terminated\r\n", d.send("DONE\r\n"));
        assertSessionGoesOn(d);
    }
}
