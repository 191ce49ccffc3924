package org.postroom.protocol.smtp;

/**
 * Whether the disk that takes new mail has room for one more message. Asked at MAIL (with the size the client
 * declared, RFC 1870) and again when storing a message failed, so that a full disk is answered
 * {@code 452 4.3.1 Insufficient system storage} (RFC 3463), as Postfix does, instead of the generic {@code 451 4.3.0}.
 */
@FunctionalInterface
public interface StorageRoom {

    /** Never full: for engines whose messages do not touch a disk (tests). */
    StorageRoom UNLIMITED = messageBytes -> true;

    /**
     * @param messageBytes the size the client declared, 0 when it declared none
     * @return false when the disk is so full that a message of that size should not be started
     */
    boolean hasRoomFor(long messageBytes);
}
