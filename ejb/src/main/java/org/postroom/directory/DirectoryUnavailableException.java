package org.postroom.directory;

/**
 * No directory server answered (or one answered with a server-side error): the caller gives a temporary error
 * (IMAP {@code NO [UNAVAILABLE]}, POP3 {@code -ERR [SYS/TEMP]}, SMTP {@code 454 4.7.0} or {@code 451 4.4.3}), never
 * a permanent one.
 */
public class DirectoryUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public DirectoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
