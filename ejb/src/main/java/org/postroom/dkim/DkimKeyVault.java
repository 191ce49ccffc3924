package org.postroom.dkim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals DKIM private keys for the database (ADR 0060): AES-256-GCM under the server's DKIM master key, the domain and
 * selector bound in as associated data (a sealed key copied to another domain's row does not open). The master key is
 * {@code postroom.dkim.master.key} (base64 of 32 octets; servers sharing a database set the same one) or, without it,
 * the file {@value #FILE} in the data directory, made on first use readable by the server's user only. Sealed form:
 * version octet 1, a 12-octet nonce, the ciphertext with its tag.
 */
public final class DkimKeyVault {

    /** The master key's file in the data directory when no master key is configured. */
    public static final String FILE = "dkim-master.key";

    private static final byte VERSION = 1;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    /** A vault over this 32-octet master key. */
    public DkimKeyVault(byte[] masterKey) {
        if (masterKey.length != 32) {
            throw new IllegalArgumentException("the DKIM master key must be 32 octets, not " + masterKey.length);
        }
        this.key = new SecretKeySpec(masterKey.clone(), "AES");
    }

    /**
     * The vault of the configured master key, or of the data directory's file (made when missing).
     *
     * @throws IllegalStateException when the configured key is malformed or the file cannot be read or made
     */
    public static synchronized DkimKeyVault open(Optional<String> configured, Path dataDir) {
        if (configured.isPresent()) {
            return new DkimKeyVault(decode(configured.get(), "postroom.dkim.master.key"));
        }
        Path file = dataDir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return new DkimKeyVault(decode(Files.readString(file, StandardCharsets.US_ASCII), file.toString()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or make the DKIM master key " + file + ": " + e.getMessage(),
                    e);
        }
    }

    private static void create(Path file) throws IOException {
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        Files.createDirectories(file.getParent());
        try {
            try {
                Files.createFile(file,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException raced) {
            return; // another bean made it first: read theirs
        }
        Files.writeString(file, Base64.getEncoder().encodeToString(fresh) + "\n", StandardCharsets.US_ASCII,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static byte[] decode(String text, String where) {
        try {
            byte[] key = Base64.getDecoder().decode(text.trim());
            if (key.length == 32) {
                return key;
            }
        } catch (IllegalArgumentException e) {
            // below
        }
        throw new IllegalStateException(where + " is not a DKIM master key (base64 of 32 octets)");
    }

    /** {@code privateKey} sealed for {@code domain}'s {@code selector}. */
    public byte[] seal(byte[] privateKey, String domain, String selector) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associated(domain, selector));
            byte[] sealed = cipher.doFinal(privateKey);
            return ByteBuffer.allocate(1 + NONCE + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing a DKIM key failed: " + e.getMessage(), e);
        }
    }

    /**
     * The private key sealed for {@code domain}'s {@code selector}.
     *
     * @throws IllegalStateException when it does not open (another master key, another domain or selector, damage)
     */
    public byte[] open(byte[] sealed, String domain, String selector) {
        if (sealed.length < 1 + NONCE + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new IllegalStateException("the DKIM key of " + selector + "._domainkey." + domain + " is not sealed"
                    + " in a form this server knows");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key,
                    new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(sealed, 1, 1 + NONCE)));
            cipher.updateAAD(associated(domain, selector));
            return cipher.doFinal(sealed, 1 + NONCE, sealed.length - 1 - NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the DKIM key of " + selector + "._domainkey." + domain + " does not open"
                    + " with this server's DKIM master key (postroom.dkim.master.key or " + FILE + ")", e);
        }
    }

    private static byte[] associated(String domain, String selector) {
        return ("postroom-dkim:" + domain + ":" + selector).getBytes(StandardCharsets.UTF_8);
    }
}
