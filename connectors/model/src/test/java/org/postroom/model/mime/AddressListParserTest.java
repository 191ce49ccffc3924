package org.postroom.model.mime;

import org.postroom.connector.api.mime.Address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class AddressListParserTest {

    private static List<Address> parse(String s) {
        return AddressListParser.parse(s);
    }

    private static Address a(String name, String mailbox, String host) {
        return new Address(name, null, mailbox, host);
    }

    @Test
    void displayNamesAreUnquotedButEncodedWordsKept() {
        assertEquals(List.of(a("Mary Smith", "mary", "x.test"), a(null, "jdoe", "example.org"),
                a("=?ISO-8859-1?Q?Andr=E9?= Pirard", "PIRARD", "vm1.ulg.ac.be")),
                parse("\"Mary Smith\" <mary@x.test>, jdoe@example.org,"
                        + " =?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>"));
    }

    @Test
    void phraseWithDotsKeepsThem() {
        assertEquals(List.of(a("John Q. Public", "john", "x.test")), parse("John Q. Public <john@x.test>"));
    }

    @Test
    void routeBecomesTheAdl() {
        assertEquals(List.of(new Address("Q", "@r1,@r2", "q", "y")), parse("Q <@r1,@r2:q@y>"));
    }

    @Test
    void groupsBecomeMarkersAndAnUnclosedGroupIsClosed() {
        assertEquals(List.of(Address.groupStart("undisclosed-recipients"), Address.GROUP_END),
                parse("undisclosed-recipients:;"));
        assertEquals(List.of(Address.groupStart("G"), a(null, "a", "b"), Address.GROUP_END), parse("G: a@b"));
    }

    @Test
    void missingPartsUseDovecotsPlaceholdersNeverANullHost() {
        assertEquals(List.of(a("Joe", "joe", AddressListParser.MISSING_DOMAIN)), parse("\"Joe\" <joe>"));
        assertEquals(List.of(a(null, "bare", AddressListParser.MISSING_DOMAIN)), parse("bare"));
        assertEquals(List.of(a(null, AddressListParser.MISSING_MAILBOX, "x.example")), parse("@x.example"));
    }

    @Test
    void emptyAngleAddressDoesNotSwallowTheNextOne() {
        assertEquals(List.of(a(null, "a", "b"), a(null, "c", "d")), parse("a@b, <>, c@d"));
    }

    @Test
    void commentNamesAnAddressWithoutDisplayName() {
        assertEquals(List.of(a("Joe Bloggs", "joe", "x"), a(null, "c", "d")), parse("joe@x (Joe Bloggs), c@d"));
        assertEquals(List.of(a("Fred", "fred", "x")), parse("Fred <fred@x (work)>"));
    }

    @Test
    void quotedLocalPartKeepsItsQuotes() {
        assertEquals(List.of(a(null, "\"a b\"", "c.d")), parse("\"a b\"@c.d"));
    }

    @Test
    void emptyValuesHaveNoAddress() {
        assertEquals(List.of(), parse(null));
        assertEquals(List.of(), parse("   "));
        assertEquals(List.of(), parse(",,"));
    }

    @Test
    void garbageNeverThrowsAndGroupMarkersPair() {
        Random random = new Random(3);
        String alphabet = "ab@<>,;:.\"()[]\\ =?";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = random.nextInt(30); k > 0; k--) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            int open = 0;
            for (Address ad : parse(sb.toString())) {
                if (ad.isGroupStart()) {
                    open++;
                } else if (ad.isGroupEnd()) {
                    open--;
                } else {
                    assertTrue(ad.mailbox() != null && ad.host() != null, sb.toString());
                }
                assertTrue(open == 0 || open == 1, sb.toString());
            }
            assertEquals(0, open, sb.toString());
        }
    }
}
