package org.postroom.connector.api;

/**
 * The protocol a message arrived with, as written after {@code with} in the {@code Received:} header (RFC 3848):
 * SMTP after HELO, ESMTP after EHLO, {@code S} when TLS protects the session, {@code A} when the client
 * authenticated.
 */
public enum MailProtocol {
    SMTP, ESMTP, ESMTPA, ESMTPS, ESMTPSA;

    /** The protocol of a session with these properties. */
    public static MailProtocol of(boolean extended, boolean tls, boolean authenticated) {
        if (tls) {
            return authenticated ? ESMTPSA : ESMTPS;
        }
        if (authenticated) {
            return ESMTPA;
        }
        return extended ? ESMTP : SMTP;
    }
}
