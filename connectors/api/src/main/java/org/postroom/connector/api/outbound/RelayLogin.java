package org.postroom.connector.api.outbound;

import java.util.Objects;

/**
 * AUTH credentials for the smart host ({@code POSTROOM_RELAY_USER} / {@code POSTROOM_RELAY_PASSWORD}); sent with
 * PLAIN or LOGIN, only over TLS. {@link #toString()} never shows the password.
 */
public record RelayLogin(String user, String password) {

    public RelayLogin {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "RelayLogin[user=" + user + "]";
    }
}
