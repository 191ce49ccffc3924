package org.postroom.store;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/**
 * A hosted domain's DKIM key (ADR 0060): its selector, algorithm, public key (X.509, base64) and private key sealed by
 * the key vault (never stored or shown in clear). The domain's active key is the one not retired; a rotation retires
 * it and adds the next.
 */
@Entity
@Table(name = "PR_DKIM_KEY", uniqueConstraints = @UniqueConstraint(columnNames = {"DOMAIN_ID", "SELECTOR"}))
public class DkimKey {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = Ids.GENERATOR)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "DOMAIN_ID", nullable = false)
    private HostedDomain domain;

    @Column(name = "SELECTOR", nullable = false, length = 63)
    private String selector;

    /** The {@code a=} tag: {@code rsa-sha256} or {@code ed25519-sha256}. */
    @Column(name = "ALGORITHM", nullable = false, length = 32)
    private String algorithm;

    /** The X.509 SubjectPublicKeyInfo, base64. */
    @Column(name = "PUBLIC_KEY", nullable = false, length = 1024)
    private String publicKey;

    /** The PKCS#8 private key sealed by the key vault. */
    @Column(name = "PRIVATE_KEY", nullable = false, length = 8192)
    private byte[] sealedPrivateKey;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    /** When a rotation replaced it; null for the active key. */
    @Column(name = "RETIRED_AT")
    private Instant retiredAt;

    protected DkimKey() {
    }

    public DkimKey(HostedDomain domain, String selector, String algorithm, String publicKey, byte[] sealedPrivateKey,
            Instant createdAt) {
        this.domain = domain;
        this.selector = selector;
        this.algorithm = algorithm;
        this.publicKey = publicKey;
        this.sealedPrivateKey = sealedPrivateKey.clone();
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public HostedDomain getDomain() {
        return domain;
    }

    public String getSelector() {
        return selector;
    }

    public String getAlgorithm() {
        return algorithm;
    }

    public String getPublicKey() {
        return publicKey;
    }

    public byte[] getSealedPrivateKey() {
        return sealedPrivateKey.clone();
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getRetiredAt() {
        return retiredAt;
    }

    public boolean isActive() {
        return retiredAt == null;
    }

    public void retire(Instant at) {
        this.retiredAt = at;
    }
}
