package org.postroom.dkim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DkimKeyVaultTest {

    private static final byte[] SECRET = "-----BEGIN PRIVATE KEY----- not really".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aSealedKeyOpensForItsDomainAndSelectorOnlyAndIsNotStoredInClear() {
        DkimKeyVault vault = new DkimKeyVault(new byte[32]);
        byte[] sealed = vault.seal(SECRET, "example.org", "s1");
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("PRIVATE KEY"));
        assertArrayEquals(SECRET, vault.open(sealed, "example.org", "s1"));
        assertThrows(IllegalStateException.class, () -> vault.open(sealed, "example.net", "s1"));
        assertThrows(IllegalStateException.class, () -> vault.open(sealed, "example.org", "s2"));
        byte[] damaged = sealed.clone();
        damaged[damaged.length - 1] ^= 1;
        assertThrows(IllegalStateException.class, () -> vault.open(damaged, "example.org", "s1"));
        assertThrows(IllegalStateException.class, () -> vault.open(new byte[3], "example.org", "s1"));
    }

    @Test
    void anotherMasterKeyDoesNotOpenIt() {
        byte[] sealed = new DkimKeyVault(new byte[32]).seal(SECRET, "example.org", "s1");
        byte[] other = new byte[32];
        other[0] = 1;
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new DkimKeyVault(other).open(sealed, "example.org", "s1"));
        assertTrue(e.getMessage().contains("postroom.dkim.master.key"), e.getMessage());
        assertFalse(e.getMessage().contains("not really"), "no key material in the message");
    }

    @Test
    void withoutAConfiguredKeyTheDataDirectoryGetsAnOwnerOnlyFileThatIsReusedLater(@TempDir Path data)
            throws Exception {
        byte[] sealed = DkimKeyVault.open(Optional.empty(), data).seal(SECRET, "example.org", "s1");
        Path file = data.resolve(DkimKeyVault.FILE);
        assertTrue(Files.isRegularFile(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertArrayEquals(SECRET, DkimKeyVault.open(Optional.empty(), data).open(sealed, "example.org", "s1"));
    }

    @Test
    void aConfiguredKeyWinsAndAMalformedOneIsRefusedWithTheSettingsName(@TempDir Path data) {
        byte[] key = new byte[32];
        key[5] = 7;
        String configured = Base64.getEncoder().encodeToString(key);
        byte[] sealed = DkimKeyVault.open(Optional.of(configured), data).seal(SECRET, "example.org", "s1");
        assertFalse(Files.exists(data.resolve(DkimKeyVault.FILE)));
        assertArrayEquals(SECRET, new DkimKeyVault(key).open(sealed, "example.org", "s1"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DkimKeyVault.open(Optional.of("c2hvcnQ="), data));
        assertTrue(e.getMessage().contains("postroom.dkim.master.key"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> DkimKeyVault.open(Optional.of("not base64!"), data));
    }
}
