package org.postroom.connector.api;

import java.util.Objects;

/**
 * A user name and password as the client sent them in AUTH PLAIN or AUTH LOGIN (decoded from base64 as UTF-8).
 * {@link #toString()} never shows the password.
 */
public record Credentials(String username, String password) {

    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=***]";
    }
}
