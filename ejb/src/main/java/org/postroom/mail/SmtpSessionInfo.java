package org.postroom.mail;

import java.util.Objects;
import java.util.Optional;

/**
 * What the business side knows of an SMTP session when it judges a sender, a recipient or a message.
 *
 * @param clientAddress the client's IP address as text (IPv4 dotted quad or IPv6), as the adapter saw it
 * @param authenticatedUser the user the session authenticated as (SMTP AUTH), or empty
 * @param tls whether the session is protected by TLS (implicit TLS or STARTTLS)
 */
public record SmtpSessionInfo(String clientAddress, Optional<String> authenticatedUser, boolean tls) {

    /**
     * @throws NullPointerException if an argument is null
     */
    public SmtpSessionInfo {
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(authenticatedUser, "authenticatedUser (use Optional.empty())");
    }

    /** Whether the session authenticated. */
    public boolean authenticated() {
        return authenticatedUser.isPresent();
    }
}
