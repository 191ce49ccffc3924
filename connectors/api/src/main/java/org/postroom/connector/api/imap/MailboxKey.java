package org.postroom.connector.api.imap;

/**
 * Which mailbox a session has selected, as the store named it in its {@link MailboxSnapshot}: the folder's id and
 * its UIDVALIDITY. Later calls on the selected mailbox pass it back; a folder deleted and created again under the same
 * name has a new UIDVALIDITY, so a key to the old one names no mailbox. The adapter routes change events
 * ({@link MailboxEvents}) to the sessions that have the mailbox with this key selected.
 *
 * @param folderId the store's id of the folder
 * @param uidValidity the folder's RFC 3501 UIDVALIDITY
 */
public record MailboxKey(long folderId, long uidValidity) {

    /** {@code folderId:uidValidity}, for logs. */
    @Override
    public String toString() {
        return folderId + ":" + uidValidity;
    }
}
