package org.postroom.domain;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Hashes and verifies stored credentials with a slow, salted key derivation function: PBKDF2 with HMAC-SHA-256
 * (RFC 8018 section 5.2), a fresh 16-byte salt from {@link SecureRandom} per hash, and a 32-byte derived key.
 *
 * <p>The rule: a hash is stored as the self-describing text {@code pbkdf2-sha256$<iterations>$<salt>$<key>} (salt and
 * key in standard Base64, RFC 4648 section 4), so the iteration count can be raised later while hashes made with the
 * old count still verify. {@link #verify(char[], String)} derives the key with the iterations and salt that the
 * stored text names, compares in constant time, and answers false, never an exception, for stored text it
 * cannot read. Empty passwords are refused.
 */
public final class PasswordHasher {

    /**
     * The iteration count used by {@link #PasswordHasher()}: OWASP's figure for PBKDF2-HMAC-SHA256 (Password Storage
     * Cheat Sheet, 2023 on). Hashes made with fewer are replaced at the user's next login ({@link #needsRehash}).
     */
    static final int DEFAULT_ITERATIONS = 600_000;

    private static final String SCHEME = "pbkdf2-sha256";
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int KEY_BYTES = 32;
    /** Letters and digits without the look-alikes 0, O, 1, l and I. */
    private static final String UNAMBIGUOUS_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;

    /** A hasher with the default of {@value #DEFAULT_ITERATIONS} iterations. */
    public PasswordHasher() {
        this(DEFAULT_ITERATIONS);
    }

    /**
     * @param iterations the PBKDF2 iteration count for new hashes (low values are for tests only)
     * @throws IllegalArgumentException if {@code iterations} is not positive
     */
    public PasswordHasher(int iterations) {
        if (iterations <= 0) {
            throw new IllegalArgumentException("iterations must be positive, was " + iterations);
        }
        this.iterations = iterations;
    }

    /**
     * Hashes {@code password} with a fresh random salt.
     *
     * @param password the password; not modified (the caller should clear it after use)
     * @return {@code pbkdf2-sha256$<iterations>$<base64 salt>$<base64 key>}
     * @throws IllegalArgumentException if {@code password} is empty
     */
    public String hash(char[] password) {
        Objects.requireNonNull(password, "password");
        if (password.length == 0) {
            throw new IllegalArgumentException("password must not be empty");
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] key;
        try {
            key = derive(password, salt, iterations, KEY_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JDK", e);
        }
        Base64.Encoder base64 = Base64.getEncoder();
        String encoded = SCHEME + "$" + iterations + "$" + base64.encodeToString(salt)
                + "$" + base64.encodeToString(key);
        Arrays.fill(key, (byte) 0);
        return encoded;
    }

    /**
     * Checks {@code password} against a hash made by {@link #hash(char[])}, with whatever iteration count it names.
     *
     * @param password the password to check
     * @param encoded the stored hash
     * @return true if the password matches; false if it does not, or if {@code encoded} cannot be read
     */
    public boolean verify(char[] password, String encoded) {
        if (password == null || password.length == 0 || encoded == null) {
            return false;
        }
        String[] parts = encoded.split("\\$", -1);
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            return false;
        }
        try {
            int storedIterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            if (storedIterations <= 0 || salt.length == 0 || expected.length != KEY_BYTES) {
                return false;
            }
            byte[] actual = derive(password, salt, storedIterations, expected.length);
            boolean matches = MessageDigest.isEqual(actual, expected);
            Arrays.fill(actual, (byte) 0);
            return matches;
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Whether {@code encoded}, a hash of this scheme, was made with fewer iterations than this hasher uses: then the
     * caller, holding the password that just verified, stores {@link #hash} of it instead. False for text that is not
     * such a hash (a directory user's marker, say).
     */
    public boolean needsRehash(String encoded) {
        if (encoded == null) {
            return false;
        }
        String[] parts = encoded.split("\\$", -1);
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            return false;
        }
        try {
            return Integer.parseInt(parts[1]) < iterations;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Returns a random password of {@code length} characters drawn with {@link SecureRandom} from letters and digits
     * without the look-alikes {@code 0}, {@code O}, {@code 1}, {@code l} and {@code I}.
     *
     * @param length the number of characters
     * @return the password
     * @throws IllegalArgumentException if {@code length} is not positive
     */
    public static String randomPassword(int length) {
        if (length <= 0) {
            throw new IllegalArgumentException("length must be positive, was " + length);
        }
        StringBuilder password = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            password.append(UNAMBIGUOUS_ALPHABET.charAt(RANDOM.nextInt(UNAMBIGUOUS_ALPHABET.length())));
        }
        return password.toString();
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int keyBytes)
            throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, keyBytes * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } finally {
            spec.clearPassword();
        }
    }
}
