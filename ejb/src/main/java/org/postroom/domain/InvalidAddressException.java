package org.postroom.domain;

/**
 * An address, domain or sender pattern that Postroom does not accept.
 *
 * <p>The message is written for a person and is safe to return to an API client as it is: it names the offending
 * input (with control and other invisible characters escaped, and truncated when very long) and says what is wrong
 * with it, for example {@code invalid address 'x': missing '@'}.
 */
public final class InvalidAddressException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, safe to show to an API client
     */
    public InvalidAddressException(String message) {
        super(message);
    }
}
