package org.postroom.connector.api.imap;

/** The RFC 4315 APPENDUID data: the message was stored under this UID. */
public record AppendResult(long uidValidity, long uid) {
}
