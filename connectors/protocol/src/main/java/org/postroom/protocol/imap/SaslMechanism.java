package org.postroom.protocol.imap;

import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.postroom.connector.api.Credentials;
import org.postroom.protocol.SaslText;

/**
 * One SASL exchange of AUTHENTICATE (RFC 3501 section 6.2.2, RFC 4959 SASL-IR): challenges and base64 responses
 * until credentials are known. Pure; the session authenticates.
 */
sealed interface SaslMechanism permits SaslMechanism.Plain, SaslMechanism.Login {

    sealed interface Step permits Challenge, Complete, Failed, Unauthorized {
    }

    /** The client asked to act as another user: {@code NO [AUTHORIZATIONFAILED]} (RFC 5530). */
    record Unauthorized() implements Step {
    }

    /** Send {@code + <base64>} and wait for a response line. */
    record Challenge(String base64) implements Step {
    }

    record Complete(Credentials credentials) implements Step {
    }

    /** The exchange failed: tagged BAD with this text (a malformed response, RFC 3501 says BAD). */
    record Failed(String text) implements Step {
    }

    /** The first step; {@code initialResponse} is the SASL-IR argument ({@code =} for empty), if given. */
    Step start(Optional<String> initialResponse);

    Step respond(String line);

    static Optional<SaslMechanism> forName(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "PLAIN" -> Optional.of(new Plain());
            case "LOGIN" -> Optional.of(new Login());
            default -> Optional.empty();
        };
    }

    /** RFC 4616: {@code authzid NUL authcid NUL passwd}; an authzid other than authcid is refused. */
    final class Plain implements SaslMechanism {
        @Override
        public Step start(Optional<String> initialResponse) {
            return initialResponse.map(this::respond).orElseGet(() -> new Challenge(""));
        }

        @Override
        public Step respond(String line) {
            Optional<String> decoded = SaslText.decode(line);
            if (decoded.isEmpty()) {
                return new Failed("Invalid base64 response");
            }
            String[] parts = decoded.get().split("\0", -1);
            if (parts.length != 3 || parts[1].isEmpty()) {
                return new Failed("Invalid PLAIN response");
            }
            if (!parts[0].isEmpty() && !parts[0].equals(parts[1])) {
                return new Unauthorized();
            }
            return new Complete(new Credentials(parts[1], parts[2]));
        }
    }

    /** The LOGIN mechanism: user name, then password, each after a challenge. */
    final class Login implements SaslMechanism {
        private static final String USERNAME = Base64.getEncoder().encodeToString("Username:".getBytes());
        private static final String PASSWORD = Base64.getEncoder().encodeToString("Password:".getBytes());
        private Optional<String> username = Optional.empty();

        @Override
        public Step start(Optional<String> initialResponse) {
            return initialResponse.map(this::respond).orElseGet(() -> new Challenge(USERNAME));
        }

        @Override
        public Step respond(String line) {
            Optional<String> decoded = SaslText.decode(line);
            if (decoded.isEmpty()) {
                return new Failed("Invalid base64 response");
            }
            if (username.isEmpty()) {
                username = decoded;
                return new Challenge(PASSWORD);
            }
            return new Complete(new Credentials(username.get(), decoded.get()));
        }
    }
}
