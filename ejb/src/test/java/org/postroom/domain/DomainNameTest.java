package org.postroom.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DomainNameTest {

    private static String refusal(String text) {
        return assertThrows(InvalidAddressException.class, () -> DomainName.normalize(text)).getMessage();
    }

    @Test
    void plainDomainIsKeptAsItIs() {
        assertEquals("example.com", DomainName.normalize("example.com"));
    }

    @Test
    void uppercaseDomainIsLowerCased() {
        assertEquals("mail.example.com", DomainName.normalize("Mail.EXAMPLE.Com"));
    }

    @Test
    void internationalisedDomainIsConvertedToALabels() {
        assertEquals("xn--bcher-kva.example", DomainName.normalize("bücher.example"));
    }

    @Test
    void uppercaseInternationalisedLabelIsCaseFoldedBeforeConversion() {
        assertEquals("xn--bcher-kva.example", DomainName.normalize("BÜCHER.Example"));
    }

    @Test
    void aLabelsAreAcceptedAndLowerCased() {
        assertEquals("xn--bcher-kva.example", DomainName.normalize("XN--BCHER-KVA.example"));
    }

    @Test
    void ideographicFullStopSeparatesLabels() {
        assertEquals("xn--wgv71a.example", DomainName.normalize("日本\u3002example"));
    }

    @Test
    void trailingDotIsRemoved() {
        assertEquals("example.com", DomainName.normalize("example.com."));
    }

    @Test
    void twoTrailingDotsAreAnEmptyLabel() {
        assertTrue(refusal("example.com..").contains("empty label"));
    }

    @Test
    void digitsAndInnerHyphensAreAllowed() {
        assertEquals("3com.my-host-1.example", DomainName.normalize("3com.my-host-1.example"));
    }

    @Test
    void nullIsRefused() {
        assertEquals("invalid domain: no domain given", refusal(null));
    }

    @Test
    void emptyIsRefused() {
        assertEquals("invalid domain '': empty", refusal(""));
    }

    @Test
    void lonelyDotIsRefused() {
        assertTrue(refusal(".").contains("no labels"));
    }

    @ParameterizedTest
    @ValueSource(strings = {" example.com", "example.com ", "exa mple.com", "example.com\u00A0"})
    void whiteSpaceAnywhereIsRefusedNotTrimmed(String text) {
        assertTrue(refusal(text).contains("white space"));
    }

    @Test
    void controlCharacterIsRefused() {
        assertTrue(refusal("example.com\r\nRCPT TO:<x@y.z>").contains("control characters"));
    }

    @Test
    void singleLabelIsRefused() {
        assertTrue(refusal("localhost").contains("at least two labels"));
    }

    @Test
    void singleLabelWithTrailingDotIsRefused() {
        assertTrue(refusal("com.").contains("at least two labels"));
    }

    @Test
    void leadingDotIsRefused() {
        assertTrue(refusal(".example.com").contains("empty label"));
    }

    @Test
    void doubleDotIsRefused() {
        assertTrue(refusal("example..com").contains("empty label"));
    }

    @Test
    void labelOf63CharactersIsAccepted() {
        String label = "a".repeat(63);
        assertEquals(label + ".example", DomainName.normalize(label + ".example"));
    }

    @Test
    void labelOf64CharactersIsRefused() {
        assertTrue(refusal("a".repeat(64) + ".example").contains("longer than 63"));
    }

    @Test
    void domainOf253CharactersIsAccepted() {
        String domain = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(61));
        assertEquals(253, domain.length());
        assertEquals(domain, DomainName.normalize(domain));
    }

    @Test
    void domainOf254CharactersIsRefused() {
        String domain = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(62));
        assertTrue(refusal(domain).contains("longer than 253"));
    }

    @Test
    void lengthLimitAppliesToTheALabelForm() {
        // 60 "ü" make a 60-character U-label whose A-label is far longer than 63 characters.
        assertThrows(InvalidAddressException.class, () -> DomainName.normalize("ü".repeat(60) + ".example"));
    }

    @Test
    void labelStartingWithHyphenIsRefused() {
        assertEquals("invalid domain '-mail.example.com': label '-mail' starts with '-'", refusal("-mail.example.com"));
    }

    @Test
    void labelEndingWithHyphenIsRefused() {
        assertTrue(refusal("mail-.example.com").contains("label 'mail-' ends with '-'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"exa_mple.com", "exa!mple.com", "example.com/x", "user@example.com", "exa*mple.com"})
    void charactersOutsideLettersDigitsAndHyphenAreRefused(String text) {
        assertTrue(refusal(text).contains("is not allowed"), text);
    }

    @Test
    void internationalisedLabelWithTrailingHyphenIsRefused() {
        assertTrue(refusal("bücher-.example").contains("not a valid internationalised label"));
    }

    @Test
    void addressLiteralIsRefused() {
        assertTrue(refusal("[192.0.2.1]").contains("address literals"));
    }

    @Test
    void ipv6AddressLiteralIsRefused() {
        assertTrue(refusal("[IPv6:2001:db8::1]").contains("address literals"));
    }

    @Test
    void errorMessageEscapesCrLfOfTheInput() {
        String message = refusal("evil.example\r\nX-Injected: yes");
        assertTrue(message.startsWith("invalid domain 'evil.example\\u000D\\u000AX-Injected: yes'"), message);
        assertTrue(message.chars().noneMatch(c -> c == '\r' || c == '\n'), message);
    }
}
