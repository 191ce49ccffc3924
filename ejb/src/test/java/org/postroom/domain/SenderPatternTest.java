package org.postroom.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SenderPatternTest {

    private static EmailAddress address(String text) {
        return EmailAddress.parse(text);
    }

    @Test
    void fullAddressPatternKeepsLocalPartAndDomain() {
        SenderPattern pattern = SenderPattern.parse("Bob@Example.COM");
        assertEquals("bob", pattern.localPart());
        assertEquals("example.com", pattern.domain());
    }

    @Test
    void domainPatternHasNoLocalPart() {
        SenderPattern pattern = SenderPattern.parse("@Example.COM");
        assertNull(pattern.localPart());
        assertEquals("example.com", pattern.domain());
    }

    @Test
    void toStringGivesTheCanonicalDomainPattern() {
        assertEquals("@xn--bcher-kva.example", SenderPattern.parse("@Bücher.Example.").toString());
    }

    @Test
    void toStringGivesTheCanonicalAddressPattern() {
        assertEquals("bob@example.com", SenderPattern.parse("<BOB@example.com>").toString());
    }

    @Test
    void canonicalTextParsesBackToTheSamePattern() {
        SenderPattern pattern = SenderPattern.parse("@Example.COM");
        assertEquals(pattern, SenderPattern.parse(pattern.toString()));
    }

    @Test
    void addressPatternMatchesThatAddressInAnyCase() {
        assertTrue(SenderPattern.parse("bob@example.com").matches(address("BOB@EXAMPLE.COM")));
    }

    @Test
    void addressPatternDoesNotMatchAnotherLocalPart() {
        assertFalse(SenderPattern.parse("bob@example.com").matches(address("alice@example.com")));
    }

    @Test
    void addressPatternDoesNotMatchTheSameLocalPartElsewhere() {
        assertFalse(SenderPattern.parse("bob@example.com").matches(address("bob@example.org")));
    }

    @Test
    void domainPatternMatchesEveryAddressOfTheDomain() {
        SenderPattern pattern = SenderPattern.parse("@example.com");
        assertTrue(pattern.matches(address("bob@example.com")));
        assertTrue(pattern.matches(address("Alice@Example.Com")));
    }

    @Test
    void domainPatternDoesNotMatchSubdomains() {
        assertFalse(SenderPattern.parse("@example.com").matches(address("bob@sales.example.com")));
    }

    @Test
    void domainPatternDoesNotMatchADomainThatMerelyEndsTheSame() {
        assertFalse(SenderPattern.parse("@example.com").matches(address("bob@badexample.com")));
    }

    @Test
    void subdomainPatternDoesNotMatchTheParentDomain() {
        assertFalse(SenderPattern.parse("@sales.example.com").matches(address("bob@example.com")));
    }

    @Test
    void internationalisedDomainPatternMatchesTheALabelForm() {
        assertTrue(SenderPattern.parse("@bücher.example").matches(address("info@xn--bcher-kva.example")));
    }

    @Test
    void bareDomainWithoutAtIsRefusedWithAHint() {
        String message = assertThrows(InvalidAddressException.class, () -> SenderPattern.parse("example.com"))
                .getMessage();
        assertTrue(message.contains("@example.com"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "@", "@localhost", "@-x.example", "bob@", "bob..x@example.com", " @example.com",
            "@example.com ", "@@example.com"})
    void malformedPatternsAreRefused(String text) {
        assertThrows(InvalidAddressException.class, () -> SenderPattern.parse(text));
    }

    @Test
    void nullPatternIsRefused() {
        assertThrows(InvalidAddressException.class, () -> SenderPattern.parse(null));
    }

    @Test
    void invalidDomainPatternNamesThePatternAndTheProblem() {
        assertEquals("invalid sender pattern '@example': invalid domain 'example': at least two labels are required"
                + " (like example.com)",
                assertThrows(InvalidAddressException.class,
                        () -> SenderPattern.parse("@example")).getMessage());
    }
}
