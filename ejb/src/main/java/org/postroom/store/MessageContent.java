package org.postroom.store;

import java.time.Instant;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

/**
 * The raw RFC 5322 bytes of a message, stored once however many mailboxes it is delivered to; each delivery is a
 * {@link MailMessage} row pointing here. Content with no remaining reference is deleted with its last message.
 */
@Entity
@Table(name = "PR_CONTENT")
public class MessageContent {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = Ids.GENERATOR)
    private Long id;

    @Column(name = "SIZE_BYTES", nullable = false)
    private long size;

    /** Hex SHA-256 of the bytes, for integrity checks and later de-duplication. */
    @Column(name = "SHA256", nullable = false, length = 64)
    private String sha256;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    @Lob
    @Basic(fetch = FetchType.LAZY)
    @Column(name = "DATA", nullable = false)
    private byte[] data;

    protected MessageContent() {
    }

    public MessageContent(byte[] data, String sha256, Instant createdAt) {
        this.data = data;
        this.size = data.length;
        this.sha256 = sha256;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public long getSize() {
        return size;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public byte[] getData() {
        return data;
    }
}
