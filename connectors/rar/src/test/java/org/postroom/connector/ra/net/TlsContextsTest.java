package org.postroom.connector.ra.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsContextsTest {

    @TempDir
    Path dir;

    @Test
    void aSelfSignedCertificateIsGeneratedOnceAndReusedOnTheNextStart() throws Exception {
        TlsContexts.serverContext("", "", dir, "mx.postroom.test");
        Path store = dir.resolve(TlsContexts.SELF_SIGNED_FILE);
        Path password = dir.resolve(TlsContexts.SELF_SIGNED_PASSWORD_FILE);
        assertTrue(Files.exists(store));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(password)));
        X509Certificate first = certificate(store, Files.readString(password).toCharArray());
        assertTrue(first.getSubjectX500Principal().getName().contains("CN=mx.postroom.test"));

        TlsContexts.serverContext("", "", dir, "mx.postroom.test");
        assertEquals(first, certificate(store, Files.readString(password).toCharArray()));
    }

    @Test
    void aConfiguredKeystoreIsUsedWithItsPassword() throws Exception {
        Path store = dir.resolve("server.p12");
        TlsContexts.createSelfSigned(store, "changeit".toCharArray(), "mail.example.org");
        TlsContexts.serverContext(store.toString(), "changeit", dir.resolve("unused"), "ignored");
        assertTrue(Files.notExists(dir.resolve("unused")));
    }

    private static X509Certificate certificate(Path store, char[] password) throws Exception {
        KeyStore ks = TlsContexts.load(store, password);
        return (X509Certificate) ks.getCertificate(TlsContexts.ALIAS);
    }
}
