package org.postroom.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    private static String refusal(String text) {
        return assertThrows(InvalidAddressException.class, () -> EmailAddress.parse(text)).getMessage();
    }

    @Test
    void plainAddressIsSplitAtTheAt() {
        EmailAddress address = EmailAddress.parse("bob@example.com");
        assertEquals("bob", address.localPart());
        assertEquals("example.com", address.domain());
    }

    @Test
    void toStringIsLocalAtDomain() {
        assertEquals("bob@example.com", EmailAddress.parse("bob@example.com").toString());
    }

    @Test
    void uppercaseLocalPartAndDomainAreLowerCased() {
        assertEquals(new EmailAddress("bob.smith", "example.com"), EmailAddress.parse("Bob.SMITH@Example.COM"));
    }

    @Test
    void addressesDifferingOnlyInCaseAreEqual() {
        assertEquals(EmailAddress.parse("ALICE@EXAMPLE.COM"), EmailAddress.parse("alice@example.com"));
    }

    @Test
    void internationalisedDomainIsConvertedToALabels() {
        assertEquals("info@xn--mnchen-3ya.de", EmailAddress.parse("info@München.de").toString());
    }

    @Test
    void angleBracketsAreRemoved() {
        assertEquals(EmailAddress.parse("bob@example.com"), EmailAddress.parse("<bob@example.com>"));
    }

    @Test
    void trailingDotOfDomainIsRemoved() {
        assertEquals("bob@example.com", EmailAddress.parse("bob@example.com.").toString());
    }

    @Test
    void everyAtextSpecialIsAllowedInTheLocalPart() {
        String local = "!#$%&'*+-/=?^_`{|}~";
        assertEquals(local, EmailAddress.parse(local + "@example.com").localPart());
    }

    @Test
    void innerDotsAreAllowedInTheLocalPart() {
        assertEquals("first.middle.last", EmailAddress.parse("first.middle.last@example.com").localPart());
    }

    @Test
    void lastAtSplitsLocalPartFromDomain() {
        // The local part "a@b" that the last '@' leaves is then refused for its '@', not read as domain "b@...".
        String message = refusal("a@b@example.com");
        assertTrue(message.contains("character '@' is not allowed in the local part"), message);
    }

    @Test
    void nullIsRefused() {
        assertEquals("invalid address: no address given", refusal(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void blankIsRefused(String text) {
        assertTrue(refusal(text).endsWith(": blank"));
    }

    @Test
    void missingAtIsRefused() {
        assertEquals("invalid address 'x': missing '@'", refusal("x"));
    }

    @Test
    void emptyLocalPartIsRefused() {
        assertTrue(refusal("@example.com").contains("empty local part"));
    }

    @Test
    void missingDomainIsRefused() {
        assertTrue(refusal("bob@").contains("missing domain"));
    }

    @Test
    void invalidDomainIsRefusedWithTheDomainProblem() {
        assertEquals("invalid address 'bob@-x.example': invalid domain '-x.example': label '-x' starts with '-'",
                refusal("bob@-x.example"));
    }

    @Test
    void singleLabelDomainIsRefused() {
        assertTrue(refusal("root@localhost").contains("at least two labels"));
    }

    @Test
    void addressLiteralDomainIsRefused() {
        assertTrue(refusal("bob@[192.0.2.1]").contains("address literals"));
    }

    @Test
    void quotedLocalPartIsRefusedAsUnsupported() {
        String message = refusal("\"bob.smith\"@example.com");
        assertTrue(message.contains("quoted local parts"), message);
        assertTrue(message.contains("not supported"), message);
    }

    @Test
    void quotedLocalPartContainingAtIsRefusedAsQuoted() {
        assertTrue(refusal("\"a@b\"@example.com").contains("quoted local parts"));
    }

    @Test
    void localPartOf64CharactersIsAccepted() {
        String local = "a".repeat(64);
        assertEquals(local, EmailAddress.parse(local + "@example.com").localPart());
    }

    @Test
    void localPartOf65CharactersIsRefused() {
        assertTrue(refusal("a".repeat(65) + "@example.com").contains("local part is longer than 64"));
    }

    @Test
    void localPartStartingWithDotIsRefused() {
        assertTrue(refusal(".bob@example.com").contains("local part starts with '.'"));
    }

    @Test
    void localPartEndingWithDotIsRefused() {
        assertTrue(refusal("bob.@example.com").contains("local part ends with '.'"));
    }

    @Test
    void doubleDotInLocalPartIsRefused() {
        assertTrue(refusal("bob..smith@example.com").contains("local part contains '..'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bo(b)@example.com", "bo,b@example.com", "bo;b@example.com", "bo:b@example.com",
            "bo[b@example.com", "bo\\b@example.com", "bo\"b@example.com"})
    void specialsOutsideAtextAreRefused(String text) {
        assertTrue(refusal(text).contains("is not allowed in the local part"), text);
    }

    @Test
    void nonAsciiLocalPartIsRefusedSayingSmtpUtf8IsNotSupported() {
        String message = refusal("jörg@example.com");
        assertTrue(message.contains("SMTPUTF8"), message);
        assertTrue(message.contains("not supported yet"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {" bob@example.com", "bob@example.com ", "bob smith@example.com", "bob@exa mple.com",
            "bob\u00A0@example.com", "< bob@example.com>"})
    void whiteSpaceIsRefused(String text) {
        assertTrue(refusal(text).contains("white space"), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bob@example.com\r\n", "bob\u0000@example.com", "bob@example.com\u007F",
            "bob\t@example.com"})
    void controlCharactersAreRefused(String text) {
        assertTrue(refusal(text).contains("control characters"), text);
    }

    @Test
    void smtpCommandInjectionThroughCrLfIsRefused() {
        assertThrows(InvalidAddressException.class,
                () -> EmailAddress.parse("bob@example.com>\r\nRCPT TO:<victim@example.org"));
    }

    @Test
    void displayNameIsRefused() {
        assertTrue(refusal("Bob<bob@example.com>").contains("only local@domain"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"<bob@example.com", "bob@example.com>", "<", ">"})
    void unbalancedAngleBracketsAreRefused(String text) {
        assertTrue(refusal(text).contains("unbalanced angle brackets"), text);
    }

    @Test
    void doubleAngleBracketsAreRefused() {
        assertTrue(refusal("<<bob@example.com>>").contains("one pair of angle brackets"));
    }

    @Test
    void nullReversePathIsNotAnAddress() {
        assertTrue(refusal("<>").contains("null reverse-path"));
    }

    @Test
    void addressOf254CharactersIsAccepted() {
        String domain = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(61));
        String address = "x".repeat(254 - 1 - domain.length()) + "@" + domain;
        assertEquals(254, address.length());
        assertEquals(address, EmailAddress.parse(address).toString());
    }

    @Test
    void addressOf255CharactersIsRefused() {
        String domain = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(62));
        String address = "x".repeat(64) + "@" + domain;
        assertEquals(255, address.length());
        assertTrue(refusal(address).contains("longer than 254"));
    }

    @Test
    void lengthLimitAppliesToTheCanonicalForm() {
        // 64 + 1 + 189 = 254 characters as typed, but the A-label of "ü..." is longer than the U-label.
        String domain = String.join(".", "a".repeat(63), "b".repeat(63), "ü" + "c".repeat(40), "d".repeat(19));
        String address = "x".repeat(64) + "@" + domain;
        assertEquals(254, address.length());
        assertTrue(refusal(address).contains("longer than 254"));
    }

    @Test
    void errorMessageEscapesCrLfOfTheInput() {
        String message = refusal("bob\r\nX-Injected: yes");
        assertTrue(message.startsWith("invalid address 'bob\\u000D\\u000AX-Injected: yes': "), message);
        assertTrue(message.chars().noneMatch(c -> c == '\r' || c == '\n'), message);
    }

    @Test
    void errorMessageEscapesBidiOverrideOfTheInput() {
        String message = refusal("bob\u202Emoc.elpmaxe");
        assertTrue(message.contains("\\u202E"), message);
        assertTrue(message.chars().noneMatch(c -> c == '\u202E'), message);
    }

    @Test
    void errorMessageTruncatesVeryLongInput() {
        String message = refusal("x".repeat(10_000));
        assertTrue(message.length() < 300, () -> "message length " + message.length());
        assertTrue(message.contains("..."), message);
    }

    @Test
    void ofBuildsTheSameAddressAsParse() {
        assertEquals(EmailAddress.parse("Bob@Bücher.Example"), EmailAddress.of("Bob", "Bücher.Example"));
    }

    @Test
    void ofRefusesAnInvalidLocalPart() {
        assertThrows(InvalidAddressException.class, () -> EmailAddress.of("bob..smith", "example.com"));
    }

    @Test
    void ofRefusesAnInvalidDomain() {
        assertThrows(InvalidAddressException.class, () -> EmailAddress.of("bob", "example"));
    }

    @Test
    void ofRefusesAnAtInTheLocalPart() {
        assertThrows(InvalidAddressException.class, () -> EmailAddress.of("bob@evil.example", "example.com"));
    }

    @Test
    void ofRefusesAnglesBracketsAroundTheParts() {
        assertThrows(InvalidAddressException.class, () -> EmailAddress.of("<bob", "example.com>"));
    }

    @Test
    void ofRefusesNullParts() {
        assertThrows(InvalidAddressException.class, () -> EmailAddress.of(null, "example.com"));
        assertThrows(InvalidAddressException.class, () -> EmailAddress.of("bob", null));
    }

    @Test
    void ofRefusesWhiteSpaceInADomain() {
        assertTrue(assertThrows(InvalidAddressException.class, () -> EmailAddress.of("bob", " example.com"))
                .getMessage().contains("white space"));
    }

    @Test
    void constructorRefusesNullParts() {
        assertThrows(NullPointerException.class, () -> new EmailAddress(null, "example.com"));
        assertThrows(NullPointerException.class, () -> new EmailAddress("bob", null));
    }

    @Test
    void addressesWithDifferentDomainsDiffer() {
        assertNotEquals(EmailAddress.parse("bob@example.com"), EmailAddress.parse("bob@example.org"));
    }
}
