package org.postroom.protocol.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** RFC 3501 section 5.1.3, with its own example. */
class ImapModifiedUtf7Test {

    @Test
    void rfcExampleRoundTrips() {
        String decoded = "~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e";
        assertEquals("~peter/mail/&U,BTFw-/&ZeVnLIqe-", ModifiedUtf7.encode(decoded));
        assertEquals(decoded, ModifiedUtf7.decode("~peter/mail/&U,BTFw-/&ZeVnLIqe-"));
    }

    @Test
    void ampersandIsEscapedAndAsciiStaysAsIs() {
        assertEquals("Tom &- Jerry", ModifiedUtf7.encode("Tom & Jerry"));
        assertEquals("Tom & Jerry", ModifiedUtf7.decode("Tom &- Jerry"));
        assertEquals("Sent Items", ModifiedUtf7.encode("Sent Items"));
    }

    @Test
    void latinAndAstralCharactersRoundTrip() {
        for (String s : new String[]{"Entw\u00fcrfe", "R\u00e9sum\u00e9", "\ud83d\udce7 mail", "\u00e9&\u00e9"}) {
            assertEquals(s, ModifiedUtf7.decode(ModifiedUtf7.encode(s)));
        }
        assertEquals("Entw&APw-rfe", ModifiedUtf7.encode("Entw\u00fcrfe"));
    }

    @Test
    void malformedNamesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ModifiedUtf7.decode("&U,BTFw"));
        assertThrows(IllegalArgumentException.class, () -> ModifiedUtf7.decode("&U/BTFw-"));
        assertThrows(IllegalArgumentException.class, () -> ModifiedUtf7.decode("&AGE-"));
        assertThrows(IllegalArgumentException.class, () -> ModifiedUtf7.decode("&A-"));
    }
}
