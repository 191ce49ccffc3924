package org.postroom.mailbox;

/**
 * One message of a POP3 maildrop snapshot.
 *
 * @param messageId the store's id of the message
 * @param size its size in octets, exactly what RETR sends before dot-stuffing
 * @param uniqueId the UIDL value: the folder's UIDVALIDITY and the message's UID, stable for as long as the message
 *            stays in the INBOX, never reused for another message
 */
public record MaildropMessage(long messageId, long size, String uniqueId) {
}
