package org.postroom.protocol.imap;

/**
 * A mailbox name or LIST pattern that is well-formed IMAP (an atom or a string) but not valid modified UTF-7 (RFC 3501
 * section 5.1.3): the command is answered {@code NO}, not {@code BAD}, since no mailbox can have that name (a CREATE
 * is refused, every other command finds no such mailbox).
 */
final class InvalidMailboxNameException extends ImapSyntaxException {

    private static final long serialVersionUID = 1L;

    InvalidMailboxNameException(String message) {
        super(message);
    }
}
