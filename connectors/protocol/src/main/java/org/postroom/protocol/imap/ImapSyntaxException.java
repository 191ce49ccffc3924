package org.postroom.protocol.imap;

/** A command does not follow the grammar; the session answers {@code BAD} with the message and goes on. */
class ImapSyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    ImapSyntaxException(String message) {
        super(message, null, false, false);
    }
}
