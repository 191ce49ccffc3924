package org.postroom.protocol.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** LIST wildcards (RFC 3501 section 6.3.8) without regular expressions: right answers, in bounded time. */
class ListPatternTest {

    private static boolean matches(String pattern, String name) {
        return ListPattern.compile(pattern, '/').matches(name);
    }

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource({
            // literal
            "INBOX, INBOX, true", "INBOX, INBOXES, false", "INBOX, INBO, false", "Sent, sent, false",
            // * crosses the delimiter, % does not
            "*, '', true", "*, a/b/c, true", "%, a, true", "%, a/b, false", "%, '', true",
            "a/%, a/b, true", "a/%, a/b/c, false", "a/*, a/b/c, true", "a/*, a, false", "a*, a/b/c, true",
            "a%, a/b, false", "%/%, a/b, true", "%/%, a/b/c, false", "%/%/%, a/b/c, true",
            // wildcards in the middle and at both ends
            "*b*, abc, true", "*b*, ac, false", "a*c, abbbc, true", "a*c, abbbd, false", "a%c, a/c, false",
            "a*c, a/c, true", "%c, xyc, true", "*/c, a/b/c, true", "%/c, a/b/c, false",
            // runs of wildcards fold: %* is *, *% is *, %% is %
            "a%*c, a/b/c, true", "a*%c, a/b/c, true", "a%%c, a/b/c, false", "a%%c, abbc, true",
            // regular expression characters are plain characters
            "a.c, abc, false", "a.c, a.c, true", "[x]%, [x]y, true", "\\Q*\\E, \\Qanything\\E, true",
            "(a|b), a, false", "a+, aa, false", "$^, $^, true",
            // the pattern must match the whole name
            "*a*a*b, aaab, true", "*a*a*b, aab, true", "*a*a*b, ab, false", "*a*a*b, aaaba, false"})
    void matchesLikeTheRfcSays(String pattern, String name, boolean expected) {
        assertEquals(expected, matches(pattern, name));
    }

    @Test
    void nonAsciiNamesAndSurrogatePairsMatchCharacterByCharacter() {
        assertTrue(matches("Entw%rfe", "Entwürfe"));
        assertTrue(matches("%", "\uD83D\uDCE7mail"));
        assertTrue(matches("\uD83D\uDCE7*", "\uD83D\uDCE7/x"));
        assertFalse(matches("\uD83D\uDCE7%", "\uD83D\uDCE7/x"));
    }

    @Test
    void patternsLongerThanOneWordOfStatesWork() {
        String name = "x".repeat(200) + "/" + "y".repeat(200);
        assertTrue(matches("x".repeat(200) + "/%", name));
        assertTrue(matches("%".repeat(70) + "x*" + "y".repeat(150) + "%", name));
        assertFalse(matches("x".repeat(201) + "*", name));
        assertTrue(matches("*" + "y".repeat(200), name));
        assertFalse(matches("%" + "y".repeat(200), name));
    }

    @Test
    void aBacktrackingBombOverALongNameEndsInBoundedTime() {
        // as a regular expression, .*a.*a.*a.*a.*a.*a.*a.*a.*a.*a.*b over 10,000 a's would run for ages
        String name = "a".repeat(10_000);
        String bomb = "*a*a*a*a*a*a*a*a*a*a*b";
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertFalse(matches(bomb, name));
            assertTrue(matches(bomb, name + "b"));
            assertFalse(matches("%a".repeat(2000) + "%b", name));
        });
    }

    @Test
    void runsOfWildcardsFold() {
        assertEquals("a*b%c*", ListPattern.fold("a*%*b%%c%*"));
    }
}
