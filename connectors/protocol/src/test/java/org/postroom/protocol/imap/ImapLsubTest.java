package org.postroom.protocol.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 5: LSUB with {@code %} lists, with \Noselect, the unsubscribed names at the pattern's level that have
 * subscribed children below it (RFC 3501 section 6.3.9); {@code *} lists the subscribed names themselves; LIST is
 * not affected.
 */
class ImapLsubTest {

    private ImapDialogue d;

    @BeforeEach
    void subscriptions() {
        d = ImapDialogue.overTls(ImapDialogue.aliceStore()).loggedIn();
        for (String name : new String[]{"box/test", "box/test2/test", "box/test3/test3", "deep/a/b/c"}) {
            d.send("c CREATE " + name + "\r\n");
        }
        for (String name : new String[]{"box/test", "box/test2/test", "box/test3/test3", "deep/a/b/c"}) {
            assertEquals("s OK SUBSCRIBE completed\r\n", d.send("s SUBSCRIBE " + name + "\r\n"));
        }
    }

    @Test
    void percentListsTheUnsubscribedParentsOfSubscribedChildrenAsNoselect() {
        assertEquals("* LSUB () \"/\" \"box/test\"\r\n"
                + "* LSUB (\\Noselect) \"/\" \"box/test2\"\r\n"
                + "* LSUB (\\Noselect) \"/\" \"box/test3\"\r\n"
                + "a OK LSUB completed\r\n", d.send("a LSUB \"\" box/%\r\n"));
    }

    @Test
    void percentAtTheTopLevelListsTheUnsubscribedRoots() {
        String answer = d.send("a LSUB \"\" %\r\n");
        assertEquals(true, answer.contains("* LSUB (\\Noselect) \"/\" \"box\"\r\n"), answer);
        assertEquals(true, answer.contains("* LSUB (\\Noselect) \"/\" \"deep\"\r\n"), answer);
        assertEquals(true, answer.contains("* LSUB () \"/\" \"INBOX\"\r\n"), answer);
        assertEquals(false, answer.contains("box/"), answer);
    }

    @Test
    void starListsOnlyTheSubscribedNames() {
        assertEquals("* LSUB () \"/\" \"box/test\"\r\n"
                + "* LSUB () \"/\" \"box/test2/test\"\r\n"
                + "* LSUB () \"/\" \"box/test3/test3\"\r\n"
                + "a OK LSUB completed\r\n", d.send("a LSUB \"\" box/*\r\n"));
    }

    @Test
    void deeperLevelsAndReferencesWork() {
        assertEquals("* LSUB () \"/\" \"box/test2/test\"\r\n"
                + "* LSUB () \"/\" \"box/test3/test3\"\r\n"
                + "a OK LSUB completed\r\n", d.send("a LSUB \"\" box/%/%\r\n"));
        assertEquals("* LSUB (\\Noselect) \"/\" \"deep/a/b\"\r\nb OK LSUB completed\r\n",
                d.send("b LSUB deep/a/ %\r\n"));
        assertEquals("* LSUB (\\Noselect) \"/\" \"deep/a\"\r\nc OK LSUB completed\r\n",
                d.send("c LSUB \"\" deep/%\r\n"));
    }

    @Test
    void aSubscribedParentWithSubscribedChildrenIsListedOnceAsItIs() {
        d.send("s SUBSCRIBE box/test2\r\n");
        assertEquals("* LSUB () \"/\" \"box/test\"\r\n"
                + "* LSUB () \"/\" \"box/test2\"\r\n"
                + "* LSUB (\\Noselect) \"/\" \"box/test3\"\r\n"
                + "a OK LSUB completed\r\n", d.send("a LSUB \"\" box/%\r\n"));
    }

    @Test
    void anUnsubscribedChildDoesNotMakeItsParentAppear() {
        d.send("u UNSUBSCRIBE box/test3/test3\r\n");
        assertEquals("* LSUB () \"/\" \"box/test\"\r\n"
                + "* LSUB (\\Noselect) \"/\" \"box/test2\"\r\n"
                + "a OK LSUB completed\r\n", d.send("a LSUB \"\" box/%\r\n"));
    }

    @Test
    void listIsNotAffected() {
        assertEquals("* LIST (\\HasNoChildren) \"/\" \"box/test\"\r\n"
                + "* LIST (\\HasChildren) \"/\" \"box/test2\"\r\n"
                + "* LIST (\\HasChildren) \"/\" \"box/test3\"\r\n"
                + "a OK LIST completed\r\n", d.send("a LIST \"\" box/%\r\n"));
    }
}
