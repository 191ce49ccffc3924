package org.postroom.protocol.sasl;

import java.util.Optional;
import org.postroom.connector.api.Credentials;

/**
 * One server-side SASL exchange with PLAIN or LOGIN: the engine calls {@link #start} with the initial response given
 * on the command line, if any, then {@link #respond} with each line the client sends after a challenge, until a
 * step is {@link SaslStep.Complete} or {@link SaslStep.Failed}. Handles the cancel line {@code *} and the empty
 * response {@code =}; the engine only turns steps into replies. Pure and not thread-safe: one per exchange.
 */
public final class SaslExchange {

    /** Base64 of "Username:", LOGIN's first challenge. */
    public static final String LOGIN_USERNAME_CHALLENGE = "VXNlcm5hbWU6";
    /** Base64 of "Password:", LOGIN's second challenge. */
    public static final String LOGIN_PASSWORD_CHALLENGE = "UGFzc3dvcmQ6";

    private final SaslMechanism mechanism;
    /** LOGIN: the user name once the client sent it. */
    private Optional<String> username = Optional.empty();

    public SaslExchange(SaslMechanism mechanism) {
        this.mechanism = mechanism;
    }

    public SaslMechanism mechanism() {
        return mechanism;
    }

    /**
     * The first step. {@code initialResponse} is the base64 argument of the command (RFC 4954 initial response, RFC
     * 4959 SASL-IR; {@code =} is the empty response); without one, the mechanism's first challenge.
     */
    public SaslStep start(Optional<String> initialResponse) {
        if (initialResponse.isPresent()) {
            return respond(initialResponse.get());
        }
        return new SaslStep.Challenge(mechanism == SaslMechanism.LOGIN ? LOGIN_USERNAME_CHALLENGE : "");
    }

    /** The next step after the client's line ({@code *} cancels). */
    public SaslStep respond(String line) {
        if (line.equals("*")) {
            return new SaslStep.Failed(SaslFailure.CANCELLED);
        }
        Optional<String> decoded = SaslText.decode(line);
        if (decoded.isEmpty()) {
            return new SaslStep.Failed(SaslFailure.BAD_BASE64);
        }
        return mechanism == SaslMechanism.PLAIN ? plain(decoded.get()) : login(decoded.get());
    }

    /** The client's line was longer than the engine accepts (the framer dropped it): the exchange ends. */
    public SaslStep overlong() {
        return new SaslStep.Failed(SaslFailure.TOO_LONG);
    }

    /** RFC 4616: {@code authzid NUL authcid NUL passwd}; an authzid other than authcid is refused. */
    private static SaslStep plain(String decoded) {
        String[] parts = decoded.split("\0", -1);
        if (parts.length != 3) {
            return new SaslStep.Failed(SaslFailure.MALFORMED);
        }
        String authzid = parts[0];
        String authcid = parts[1];
        if (authcid.isEmpty()) {
            return new SaslStep.Failed(SaslFailure.EMPTY_AUTHCID);
        }
        if (!authzid.isEmpty() && !authzid.equals(authcid)) {
            return new SaslStep.Failed(SaslFailure.AUTHZID_REFUSED);
        }
        return new SaslStep.Complete(new Credentials(authcid, parts[2]));
    }

    private SaslStep login(String decoded) {
        if (username.isEmpty()) {
            if (decoded.isEmpty()) {
                return new SaslStep.Failed(SaslFailure.EMPTY_AUTHCID);
            }
            username = Optional.of(decoded);
            return new SaslStep.Challenge(LOGIN_PASSWORD_CHALLENGE);
        }
        return new SaslStep.Complete(new Credentials(username.get(), decoded));
    }
}
