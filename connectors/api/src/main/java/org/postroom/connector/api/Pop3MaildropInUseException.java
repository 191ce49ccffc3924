package org.postroom.connector.api;

/**
 * Thrown by {@link MaildropListener#open} when another session holds the maildrop's lock; the client gets
 * {@code -ERR [IN-USE]} (RFC 2449 section 8.1.2) and may try again later.
 */
public class Pop3MaildropInUseException extends Exception {

    private static final long serialVersionUID = 1L;

    public Pop3MaildropInUseException(String user) {
        super("maildrop of " + user + " is in use");
    }
}
