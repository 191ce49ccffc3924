package org.postroom.model.dkim;

import java.util.Locale;
import java.util.Optional;

/** The signing algorithms Postroom offers: RSA (RFC 6376, the default) and Ed25519 (RFC 8463). */
public enum DkimAlgorithm {

    /** {@code a=rsa-sha256}, key type {@code k=rsa}: PKCS#1 v1.5 over SHA-256, a 2048-bit key. */
    RSA_SHA256("rsa-sha256", "rsa", "RSA", "SHA256withRSA"),
    /** {@code a=ed25519-sha256}, key type {@code k=ed25519}: PureEdDSA over the SHA-256 of the signed data. */
    ED25519_SHA256("ed25519-sha256", "ed25519", "Ed25519", "Ed25519");

    private final String tag;
    private final String keyType;
    private final String jcaKeyAlgorithm;
    private final String jcaSignature;

    DkimAlgorithm(String tag, String keyType, String jcaKeyAlgorithm, String jcaSignature) {
        this.tag = tag;
        this.keyType = keyType;
        this.jcaKeyAlgorithm = jcaKeyAlgorithm;
        this.jcaSignature = jcaSignature;
    }

    /** The {@code a=} tag value. */
    public String tag() {
        return tag;
    }

    /** The {@code k=} tag value of the DNS key record. */
    public String keyType() {
        return keyType;
    }

    String jcaKeyAlgorithm() {
        return jcaKeyAlgorithm;
    }

    String jcaSignature() {
        return jcaSignature;
    }

    /** The algorithm named by its {@code a=} tag ({@code rsa-sha256}, {@code ed25519-sha256}), case-insensitive. */
    public static Optional<DkimAlgorithm> byTag(String tag) {
        if (tag == null) {
            return Optional.empty();
        }
        String t = tag.trim().toLowerCase(Locale.ROOT);
        for (DkimAlgorithm a : values()) {
            if (a.tag.equals(t)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
