package org.postroom.connector.api;

import java.security.Principal;
import java.util.Objects;

/** A user whose credentials the {@link Authenticator} accepted; {@code name} is the canonical account name. */
public record AuthenticatedUser(String name) implements Principal {

    public AuthenticatedUser {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("blank user name");
        }
    }

    @Override
    public String getName() {
        return name;
    }
}
