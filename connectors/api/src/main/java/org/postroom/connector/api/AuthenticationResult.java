package org.postroom.connector.api;

import java.util.Objects;

/** What an {@link Authenticator} decided about one set of credentials. */
public sealed interface AuthenticationResult
        permits AuthenticationResult.Authenticated, AuthenticationResult.InvalidCredentials,
        AuthenticationResult.TemporarilyUnavailable {

    /** The credentials are valid: the session is now authenticated as {@code user} (SMTP 235 2.7.0). */
    record Authenticated(AuthenticatedUser user) implements AuthenticationResult {
        public Authenticated {
            Objects.requireNonNull(user, "user");
        }
    }

    /** Unknown user or wrong password; deliberately not saying which (SMTP 535 5.7.8). */
    record InvalidCredentials() implements AuthenticationResult {
    }

    /** The directory could not be asked; the client should retry later (SMTP 454 4.7.0). */
    record TemporarilyUnavailable() implements AuthenticationResult {
    }

    static AuthenticationResult authenticated(String userName) {
        return new Authenticated(new AuthenticatedUser(userName));
    }

    static AuthenticationResult invalidCredentials() {
        return new InvalidCredentials();
    }

    static AuthenticationResult temporarilyUnavailable() {
        return new TemporarilyUnavailable();
    }
}
