package org.postroom.connector.ra.net;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.logging.Logger;
import javax.net.ssl.KeyManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Server TLS contexts: TLSv1.3 and TLSv1.2 only, the JDK's provider, keys from a PKCS12 keystore. When no keystore is
 * configured, a self-signed certificate for the host name is generated once (BouncyCastle, RSA 2048, SHA-256) and
 * kept under {@code dataDir/tls/}, so restarts keep the same certificate.
 *
 * <p>
 * BouncyCastle is used only to build the certificate; it is never registered as a JCA provider (a provider
 * registered from an application would outlive it in the server JVM).
 */
public final class TlsContexts {

    private static final Logger LOG = Logger.getLogger(TlsContexts.class.getName());
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    static final String SELF_SIGNED_FILE = "selfsigned.p12";
    static final String SELF_SIGNED_PASSWORD_FILE = "selfsigned.p12.password";
    static final String ALIAS = "postroom";

    private TlsContexts() {
    }

    /** A server context from a keystore and its password. */
    public static SslContext serverContext(KeyStore keyStore, char[] password) throws GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, password);
        try {
            return SslContextBuilder.forServer(kmf).sslProvider(SslProvider.JDK).protocols(PROTOCOLS).build();
        } catch (javax.net.ssl.SSLException e) {
            throw new GeneralSecurityException("cannot build the TLS context", e);
        }
    }

    /** Loads a PKCS12 (or JKS, by content) keystore file. */
    public static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            return ks;
        }
    }

    /**
     * The configured keystore, or the self-signed one under {@code tlsDirectory} (created on first use).
     *
     * @param keystore path of the configured keystore; empty for the self-signed one
     * @param password the keystore's password; for the self-signed keystore an empty password means a random one,
     *            kept next to it in a file only the owner may read
     */
    public static SslContext serverContext(String keystore, String password, Path tlsDirectory, String hostname)
            throws IOException, GeneralSecurityException {
        if (keystore != null && !keystore.isBlank()) {
            char[] pw = password == null ? new char[0] : password.toCharArray();
            return serverContext(load(Path.of(keystore), pw), pw);
        }
        Path file = tlsDirectory.resolve(SELF_SIGNED_FILE);
        char[] pw = selfSignedPassword(tlsDirectory, password);
        if (!Files.exists(file)) {
            createSelfSigned(file, pw, hostname);
        }
        return serverContext(load(file, pw), pw);
    }

    private static char[] selfSignedPassword(Path dir, String configured) throws IOException {
        if (configured != null && !configured.isEmpty()) {
            return configured.toCharArray();
        }
        Path file = dir.resolve(SELF_SIGNED_PASSWORD_FILE);
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.US_ASCII).strip().toCharArray();
        }
        Files.createDirectories(dir);
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String pw = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.writeString(file, pw, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
        restrictToOwner(file);
        return pw.toCharArray();
    }

    /** Generates a key pair and a self-signed certificate for {@code hostname}, stored as PKCS12 in {@code file}. */
    static void createSelfSigned(Path file, char[] password, String hostname)
            throws IOException, GeneralSecurityException {
        Files.createDirectories(file.getParent());
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        X509Certificate certificate = selfSign(keys, hostname);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(ALIAS, keys.getPrivate(), password, new Certificate[]{certificate});
        Path temporary = Files.createTempFile(file.getParent(), "selfsigned", ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            ks.store(out, password);
        }
        restrictToOwner(temporary);
        Files.move(temporary, file);
        LOG.info(() -> "generated a self-signed TLS certificate for " + hostname + " in " + file
                + "; configure tlsKeystore for a real one");
    }

    private static X509Certificate selfSign(KeyPair keys, String hostname) throws GeneralSecurityException {
        X500Name name = new X500Name("CN=" + hostname.replaceAll("[,=+<>#;\"\\\\]", "_") + ", O=Postroom self-signed");
        Instant now = Instant.now();
        BigInteger serial = new BigInteger(64, new SecureRandom());
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial,
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), name,
                keys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, hostname)));
            return new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        } catch (IOException | OperatorCreationException e) {
            throw new GeneralSecurityException("cannot create the self-signed certificate", e);
        }
    }

    private static void restrictToOwner(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            LOG.fine(() -> "cannot restrict permissions of " + file + ": " + e);
        }
    }
}
