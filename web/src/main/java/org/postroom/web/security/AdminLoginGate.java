package org.postroom.web.security;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;

/**
 * What the admin API does with one request's HTTP Basic credentials, without the servlet API: let it in, ask for
 * credentials (401), or refuse it with a message. Plain HTTP is refused (403) from any client but loopback: Basic
 * credentials must not cross a network in clear. Failed logins are throttled per client address
 * ({@link LoginThrottle}); loopback clients are exempt when so configured (a local admin tool, the integration tests).
 */
final class AdminLoginGate {

    /** What to answer. */
    sealed interface Outcome {
    }

    /** The credentials are valid. */
    record LoggedIn(CredentialValidationResult result) implements Outcome {
    }

    /** No or wrong credentials: 401 with a Basic challenge. */
    record Challenge() implements Outcome {
    }

    /** Refused before any password is looked at, with this status, message and, for 429, when to come back. */
    record Refused(int status, String message, Optional<Duration> retryAfter) implements Outcome {
    }

    private final LoginThrottle throttle;
    private final boolean loopbackExempt;

    AdminLoginGate(LoginThrottle throttle, boolean loopbackExempt) {
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.loopbackExempt = loopbackExempt;
    }

    /**
     * @param client the client's address
     * @param secure the request came over HTTPS
     * @param authorization the {@code Authorization} header, or null
     * @param identityStores checks a username and password
     */
    Outcome attempt(InetAddress client, boolean secure, String authorization,
            Function<UsernamePasswordCredential, CredentialValidationResult> identityStores) {
        if (!secure && !client.isLoopbackAddress()) {
            return new Refused(403, "The admin API answers plain HTTP only on this machine: use HTTPS (its "
                    + "credentials must not cross the network in clear)", Optional.empty());
        }
        boolean throttled = !(loopbackExempt && client.isLoopbackAddress());
        if (throttled) {
            Optional<Duration> wait = throttle.wait(client);
            if (wait.isPresent()) {
                long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
                return new Refused(429, "Too many failed logins from " + client.getHostAddress()
                        + "; try again in " + seconds + " s", Optional.of(Duration.ofSeconds(seconds)));
            }
        }
        if (authorization == null) {
            return new Challenge();
        }
        Optional<UsernamePasswordCredential> credential = basic(authorization);
        if (credential.isPresent()) {
            CredentialValidationResult result = identityStores.apply(credential.get());
            if (result.getStatus() == CredentialValidationResult.Status.VALID) {
                return new LoggedIn(result);
            }
        }
        if (throttled) {
            throttle.failed(client);
        }
        return new Challenge();
    }

    /** The credentials of an {@code Authorization: Basic ...} header; empty when it is something else or malformed. */
    static Optional<UsernamePasswordCredential> basic(String authorization) {
        if (authorization.length() < 6 || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        return Optional.of(new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }
}
