package org.postroom.connector.api;

/**
 * Checks credentials for SASL PLAIN and LOGIN (SMTP AUTH, RFC 4954). Thread-safe; may block (directory, database).
 * The engine offers AUTH only over TLS, or over plaintext from loopback when so configured, so passwords never
 * cross the network in clear.
 */
@FunctionalInterface
public interface Authenticator {

    /**
     * @param session the connection asking (client address, TLS), e.g. for rate limiting or auditing
     * @return the decision; never {@code null}
     */
    AuthenticationResult authenticate(SessionContext session, Credentials credentials);
}
