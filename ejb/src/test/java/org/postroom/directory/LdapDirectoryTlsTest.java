package org.postroom.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.SelfSignedCertificateGenerator;
import com.unboundid.ldif.LDIFReader;
import com.unboundid.util.ObjectPair;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;

/**
 * StartTLS and {@code ldaps://} with the directory's CA in {@code postroom.ldap.truststore}: a self-signed
 * certificate serves both listeners of an in-memory directory server; without it in the trust store, nothing is sent
 * and the directory is unavailable (never a plaintext fallback).
 */
class LdapDirectoryTlsTest {

    private static ObjectPair<File, char[]> keyStore;
    private static InMemoryDirectoryServer server;

    @BeforeAll
    static void start() throws Exception {
        keyStore = SelfSignedCertificateGenerator.generateTemporarySelfSignedCertificate("postroom-test", "PKCS12");
        SSLUtil serverTls = new SSLUtil(new KeyStoreKeyManager(keyStore.getFirst(), keyStore.getSecond(), "PKCS12",
                null), new TrustAllTrustManager());
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(DirectoryFixtures.BASE_DN);
        config.setSchema(null);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        config.setListenerConfigs(
                InMemoryListenerConfig.createLDAPConfig("starttls", loopback, 0, serverTls.createSSLSocketFactory()),
                InMemoryListenerConfig.createLDAPSConfig("ldaps", loopback, 0,
                        serverTls.createSSLServerSocketFactory(), serverTls.createSSLSocketFactory()));
        server = new InMemoryDirectoryServer(config);
        server.importFromLDIF(true, new LDIFReader(new ByteArrayInputStream(
                DirectoryFixtures.ldif(DirectorySchema.OPENLDAP).getBytes(StandardCharsets.UTF_8))));
        server.startListening();
    }

    @AfterAll
    static void stop() {
        server.shutDown(true);
        keyStore.getFirst().delete();
    }

    private static LdapDirectory directory(String url, boolean startTls, boolean trusted) {
        Map<String, String> values = new HashMap<>();
        values.put("postroom.ldap.url", url);
        values.put("postroom.ldap.base.dn", DirectoryFixtures.BASE_DN);
        values.put("postroom.ldap.bind.dn", DirectoryFixtures.SERVICE_DN);
        values.put("postroom.ldap.bind.password", DirectoryFixtures.SERVICE_PASSWORD);
        values.put("postroom.ldap.starttls", Boolean.toString(startTls));
        values.put("postroom.ldap.timeout.ms", "3000");
        if (trusted) {
            values.put("postroom.ldap.truststore", keyStore.getFirst().getPath());
            values.put("postroom.ldap.truststore.password", new String(keyStore.getSecond()));
        }
        return new LdapDirectory(
                DirectorySettings.from(name -> Optional.ofNullable(values.get(name))).orElseThrow());
    }

    private static void assertLogsIn(LdapDirectory directory) throws DirectoryUnavailableException {
        String dn = directory.findLogin("alice").orElseThrow().dn();
        assertEquals(LdapDirectory.BindOutcome.ACCEPTED, directory.bind(dn, "alice-pw-1"));
        assertEquals(LdapDirectory.BindOutcome.REJECTED, directory.bind(dn, "alice-pw-2"));
    }

    @Test
    void startTlsWithTheDirectorysCertificateInTheTrustStoreWorks() throws Exception {
        try (LdapDirectory directory = directory("ldap://127.0.0.1:" + server.getListenPort("starttls"), true,
                true)) {
            assertLogsIn(directory);
        }
    }

    @Test
    void ldapsWithTheDirectorysCertificateInTheTrustStoreWorks() throws Exception {
        try (LdapDirectory directory = directory("ldaps://127.0.0.1:" + server.getListenPort("ldaps"), false,
                true)) {
            assertLogsIn(directory);
        }
    }

    @Test
    void anUntrustedCertificateIsAnOutageNeverAPlaintextFallback() {
        try (LdapDirectory startTls = directory("ldap://127.0.0.1:" + server.getListenPort("starttls"), true, false);
                LdapDirectory ldaps = directory("ldaps://127.0.0.1:" + server.getListenPort("ldaps"), false, false)) {
            assertThrows(DirectoryUnavailableException.class, () -> startTls.findLogin("alice"));
            assertThrows(DirectoryUnavailableException.class,
                    () -> startTls.bind("uid=alice,ou=people,dc=example,dc=org", "alice-pw-1"));
            assertThrows(DirectoryUnavailableException.class, () -> ldaps.findLogin("alice"));
        }
    }
}
