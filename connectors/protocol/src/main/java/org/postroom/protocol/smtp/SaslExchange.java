package org.postroom.protocol.smtp;

import java.util.Optional;
import org.postroom.connector.api.Credentials;
import org.postroom.protocol.SaslText;

/**
 * One SASL mechanism exchange (RFC 4954): the server's challenges and the client's base64 responses, until
 * credentials are known. Pure: the session does the authenticating.
 */
sealed interface SaslExchange permits SaslExchange.Plain, SaslExchange.Login {

    sealed interface Step permits Challenge, Complete, Failed {
    }

    /** Send this {@code 334} challenge and wait for a response line. */
    record Challenge(SmtpReply reply) implements Step {
    }

    /** The client sent its credentials. */
    record Complete(Credentials credentials) implements Step {
    }

    /** The exchange failed with this reply. */
    record Failed(SmtpReply reply) implements Step {
    }

    /** The first step, with the initial response given on the AUTH line, if any. */
    Step start(Optional<String> initialResponse);

    /** The next step after a response line (other than {@code *}, which the session handles). */
    Step respond(String line);

    /** The mechanism for an AUTH argument, if this engine offers it. */
    static Optional<SaslExchange> forMechanism(String name) {
        return switch (name.toUpperCase(java.util.Locale.ROOT)) {
            case "PLAIN" -> Optional.of(new Plain());
            case "LOGIN" -> Optional.of(new Login());
            default -> Optional.empty();
        };
    }

    /** RFC 4616: one response {@code authzid NUL authcid NUL passwd}; an authzid other than authcid is refused. */
    final class Plain implements SaslExchange {

        @Override
        public Step start(Optional<String> initialResponse) {
            return initialResponse.map(this::respond).orElseGet(() -> new Challenge(SmtpReplies.AUTH_PLAIN_CONTINUE));
        }

        @Override
        public Step respond(String line) {
            Optional<String> decoded = SaslText.decode(line);
            if (decoded.isEmpty()) {
                return new Failed(SmtpReplies.CANNOT_DECODE_RESPONSE);
            }
            String[] parts = decoded.get().split("\0", -1);
            if (parts.length != 3) {
                return new Failed(SmtpReplies.CANNOT_DECODE_RESPONSE);
            }
            String authzid = parts[0];
            String authcid = parts[1];
            if (authcid.isEmpty() || (!authzid.isEmpty() && !authzid.equals(authcid))) {
                return new Failed(SmtpReplies.AUTHENTICATION_FAILED);
            }
            return new Complete(new Credentials(authcid, parts[2]));
        }
    }

    /** The widely used LOGIN mechanism: user name, then password, each in answer to a challenge. */
    final class Login implements SaslExchange {
        private Optional<String> username = Optional.empty();

        @Override
        public Step start(Optional<String> initialResponse) {
            return initialResponse.map(this::respond).orElseGet(() -> new Challenge(SmtpReplies.AUTH_LOGIN_USERNAME));
        }

        @Override
        public Step respond(String line) {
            Optional<String> decoded = SaslText.decode(line);
            if (decoded.isEmpty()) {
                return new Failed(SmtpReplies.CANNOT_DECODE_RESPONSE);
            }
            if (username.isEmpty()) {
                if (decoded.get().isEmpty()) {
                    return new Failed(SmtpReplies.AUTHENTICATION_FAILED);
                }
                username = decoded;
                return new Challenge(SmtpReplies.AUTH_LOGIN_PASSWORD);
            }
            return new Complete(new Credentials(username.get(), decoded.get()));
        }
    }
}
