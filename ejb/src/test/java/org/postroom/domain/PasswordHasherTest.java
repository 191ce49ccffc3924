package org.postroom.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {

    private static final int FAST = 1000;

    private final PasswordHasher hasher = new PasswordHasher(FAST);

    @Test
    void hashOfAPasswordVerifies() {
        String encoded = hasher.hash("correct horse".toCharArray());
        assertTrue(hasher.verify("correct horse".toCharArray(), encoded));
    }

    @Test
    void wrongPasswordDoesNotVerify() {
        String encoded = hasher.hash("correct horse".toCharArray());
        assertFalse(hasher.verify("correct horsE".toCharArray(), encoded));
    }

    @Test
    void hashNamesSchemeIterationsSaltAndKey() {
        String[] parts = hasher.hash("secret".toCharArray()).split("\\$");
        assertEquals(4, parts.length);
        assertEquals("pbkdf2-sha256", parts[0]);
        assertEquals("1000", parts[1]);
        assertEquals(16, Base64.getDecoder().decode(parts[2]).length);
        assertEquals(32, Base64.getDecoder().decode(parts[3]).length);
    }

    @Test
    void defaultIterationCountIsOwasps600000() {
        String encoded = new PasswordHasher().hash("secret".toCharArray());
        assertTrue(encoded.startsWith("pbkdf2-sha256$600000$"), encoded);
        assertFalse(new PasswordHasher().needsRehash(encoded));
    }

    @Test
    void aHashWithFewerIterationsNeedsRehashingButADirectoryMarkerDoesNot() {
        String old = new PasswordHasher(210_000).hash("secret".toCharArray());
        assertTrue(new PasswordHasher().needsRehash(old));
        assertFalse(new PasswordHasher(1000).needsRehash(old));
        assertFalse(new PasswordHasher().needsRehash("{directory}"));
        assertFalse(new PasswordHasher().needsRehash(null));
    }

    @Test
    void twoHashesOfTheSamePasswordDifferBecauseOfTheSalt() {
        String first = hasher.hash("secret".toCharArray());
        String second = hasher.hash("secret".toCharArray());
        assertNotEquals(first, second);
        assertNotEquals(first.split("\\$")[2], second.split("\\$")[2]);
        assertTrue(hasher.verify("secret".toCharArray(), first));
        assertTrue(hasher.verify("secret".toCharArray(), second));
    }

    @Test
    void hashMadeWithOtherIterationsStillVerifies() {
        String old = new PasswordHasher(FAST).hash("secret".toCharArray());
        assertTrue(new PasswordHasher(2 * FAST).verify("secret".toCharArray(), old));
    }

    @Test
    void changingTheStoredIterationCountBreaksVerification() {
        String encoded = hasher.hash("secret".toCharArray());
        assertFalse(hasher.verify("secret".toCharArray(), encoded.replace("$1000$", "$1001$")));
    }

    @Test
    void nonAsciiPasswordRoundTrips() {
        String encoded = hasher.hash("pässwörd-日本".toCharArray());
        assertTrue(hasher.verify("pässwörd-日本".toCharArray(), encoded));
        assertFalse(hasher.verify("passwort-日本".toCharArray(), encoded));
    }

    @Test
    void hashLeavesThePasswordArrayAsItWas() {
        char[] password = "secret".toCharArray();
        hasher.hash(password);
        assertEquals("secret", new String(password));
    }

    @Test
    void emptyPasswordIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> hasher.hash(new char[0]));
    }

    @Test
    void emptyPasswordNeverVerifies() {
        String encoded = hasher.hash("x".toCharArray());
        assertFalse(hasher.verify(new char[0], encoded));
    }

    @Test
    void nullPasswordDoesNotVerify() {
        assertFalse(hasher.verify(null, hasher.hash("x".toCharArray())));
    }

    @Test
    void nullEncodedHashDoesNotVerify() {
        assertFalse(hasher.verify("x".toCharArray(), null));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "garbage",
            "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==",
            "pbkdf2-sha1$1000$c2FsdHNhbHRzYWx0c2FsdA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            "pbkdf2-sha256$many$c2FsdHNhbHRzYWx0c2FsdA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            "pbkdf2-sha256$0$c2FsdHNhbHRzYWx0c2FsdA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            "pbkdf2-sha256$-5$c2FsdHNhbHRzYWx0c2FsdA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            "pbkdf2-sha256$99999999999$c2FsdHNhbHRzYWx0c2FsdA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            "pbkdf2-sha256$1000$not*base64$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==$not*base64",
            "pbkdf2-sha256$1000$$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==$",
            "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==$AAAA",
            "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=$extra",
    })
    void malformedEncodedHashDoesNotVerifyAndDoesNotThrow(String encoded) {
        assertFalse(hasher.verify("secret".toCharArray(), encoded));
    }

    @Test
    void nonPositiveIterationCountIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(0));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(-1));
    }

    @Test
    void randomPasswordHasTheRequestedLength() {
        assertEquals(17, PasswordHasher.randomPassword(17).length());
    }

    @Test
    void randomPasswordAvoidsLookAlikeCharacters() {
        String sample = PasswordHasher.randomPassword(20_000);
        for (char lookAlike : "0O1lI".toCharArray()) {
            assertEquals(-1, sample.indexOf(lookAlike), "contains " + lookAlike);
        }
        assertTrue(sample.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                || (c >= '2' && c <= '9')), sample);
    }

    @Test
    void randomPasswordUsesTheWholeAlphabet() {
        // 57 symbols, 20,000 draws: the chance that a symbol is missing by luck is below 1e-150.
        Set<Integer> seen = new HashSet<>();
        PasswordHasher.randomPassword(20_000).chars().forEach(seen::add);
        assertEquals(57, seen.size());
    }

    @Test
    void randomPasswordsDiffer() {
        assertNotEquals(PasswordHasher.randomPassword(24), PasswordHasher.randomPassword(24));
    }

    @Test
    void nonPositiveRandomPasswordLengthIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PasswordHasher.randomPassword(0));
    }
}
