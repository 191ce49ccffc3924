package org.postroom.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

import org.postroom.connector.api.mime.MessageStructure;
import org.postroom.store.MessageStructureCodec;

/**
 * The {@link MessageStructure} of one {@link MessageContent} (what IMAP serves as ENVELOPE and BODYSTRUCTURE, with
 * the section offsets), computed once at delivery and shared by every mailbox the content is delivered to; stored in
 * {@link MessageStructureCodec}'s binary form (ADR 0012).
 */
@Entity
@Table(name = "PR_STRUCTURE")
public class MessageStructureRecord {

    @Id
    @Column(name = "CONTENT_ID")
    private Long contentId;

    @Lob
    @Column(name = "DATA", nullable = false)
    private byte[] data;

    protected MessageStructureRecord() {
    }

    public MessageStructureRecord(long contentId, MessageStructure structure) {
        this.contentId = contentId;
        this.data = MessageStructureCodec.encode(structure);
    }

    /** A record read as a projection (not managed): the stored bytes as they are. */
    public static MessageStructureRecord stored(long contentId, byte[] data) {
        MessageStructureRecord r = new MessageStructureRecord();
        r.contentId = contentId;
        r.data = data;
        return r;
    }

    public Long getContentId() {
        return contentId;
    }

    /** The stored bytes (the structure's encoding), for a plain insert. */
    public byte[] encoded() {
        return data;
    }

    /**
     * The stored structure.
     *
     * @throws IllegalArgumentException when the stored bytes are not a structure this code can read
     */
    public MessageStructure toStructure() {
        return MessageStructureCodec.decode(data);
    }
}
