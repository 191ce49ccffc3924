package org.postroom.store;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/**
 * A UID removed from a folder and the modification sequence of its removal, so that IMAP sessions that saw the message
 * learn it is gone ({@code MailboxSessionListener.changesSince}); ADR 0016. Removed with the folder.
 */
@Entity
@IdClass(ExpungedMessage.Key.class)
@Table(name = "PR_EXPUNGED", indexes = @Index(name = "PR_EXPUNGED_FOLDER_MODSEQ", columnList = "FOLDER_ID, MODSEQ"))
public class ExpungedMessage {

    /** The primary key: folder and UID. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private long folderId;
        private long uid;

        public Key() {
        }

        public Key(long folderId, long uid) {
            this.folderId = folderId;
            this.uid = uid;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.folderId == folderId && k.uid == uid;
        }

        @Override
        public int hashCode() {
            return Objects.hash(folderId, uid);
        }
    }

    @Id
    @Column(name = "FOLDER_ID")
    private long folderId;

    @Id
    @Column(name = "UID")
    private long uid;

    @Column(name = "MODSEQ", nullable = false)
    private long modSeq;

    protected ExpungedMessage() {
    }

    public ExpungedMessage(long folderId, long uid, long modSeq) {
        this.folderId = folderId;
        this.uid = uid;
        this.modSeq = modSeq;
    }

    public long getUid() {
        return uid;
    }

    public long getModSeq() {
        return modSeq;
    }
}
