package org.postroom.model.dkim;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/** DKIM key pairs: made with {@code java.security}, encoded for storage, and published as DNS TXT records. */
public final class DkimKeys {

    /** RSA keys are 2048 bits (RFC 8301: at least 1024, 2048 recommended; 4096 does not fit many DNS UIs). */
    public static final int RSA_BITS = 2048;

    /** The X.509 SubjectPublicKeyInfo prefix of an Ed25519 key: the raw 32-byte key follows it. */
    private static final int ED25519_RAW = 32;

    private DkimKeys() {
    }

    /** A new key pair for {@code algorithm}. */
    public static KeyPair generate(DkimAlgorithm algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.jcaKeyAlgorithm());
            if (algorithm == DkimAlgorithm.RSA_SHA256) {
                generator.initialize(RSA_BITS);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a " + algorithm.tag() + " key: " + e.getMessage(), e);
        }
    }

    /** The private key from its PKCS#8 encoding ({@link PrivateKey#getEncoded()}). */
    public static PrivateKey privateKey(DkimAlgorithm algorithm, byte[] pkcs8) {
        try {
            return KeyFactory.getInstance(algorithm.jcaKeyAlgorithm())
                    .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a " + algorithm.tag() + " private key: " + e.getMessage(), e);
        }
    }

    /** The public key from its X.509 encoding ({@link PublicKey#getEncoded()}). */
    public static PublicKey publicKey(DkimAlgorithm algorithm, byte[] x509) {
        try {
            return KeyFactory.getInstance(algorithm.jcaKeyAlgorithm()).generatePublic(new X509EncodedKeySpec(x509));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a " + algorithm.tag() + " public key: " + e.getMessage(), e);
        }
    }

    /**
     * The {@code p=} value: base64 of the SubjectPublicKeyInfo for RSA (RFC 6376 section 3.6.1), of the raw 32-byte
     * key for Ed25519 (RFC 8463 section 4.2).
     */
    public static String publicKeyData(DkimAlgorithm algorithm, PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (algorithm == DkimAlgorithm.ED25519_SHA256) {
            encoded = Arrays.copyOfRange(encoded, encoded.length - ED25519_RAW, encoded.length);
        }
        return Base64.getEncoder().encodeToString(encoded);
    }

    /** The TXT record to publish at {@code <selector>._domainkey.<domain>}: {@code v=DKIM1; k=...; p=...}. */
    public static String txtRecord(DkimAlgorithm algorithm, PublicKey key) {
        return "v=DKIM1; k=" + algorithm.keyType() + "; p=" + publicKeyData(algorithm, key);
    }
}
