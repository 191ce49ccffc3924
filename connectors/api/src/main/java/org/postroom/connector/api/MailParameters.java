package org.postroom.connector.api;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The MAIL FROM parameters the engine understood: the size the client declared (RFC 1870, already checked against
 * the maximum), the body type (RFC 6152; absent means the client said nothing, which RFC 6152 reads as 7BIT), and the
 * DSN parameters (RFC 3461): {@code RET=} ({@code FULL} or {@code HDRS}, upper case) and {@code ENVID=} (xtext
 * decoded).
 */
public record MailParameters(OptionalLong declaredSize, Optional<BodyType> body, Optional<String> ret,
        Optional<String> envelopeId) {

    /** No parameters. */
    public static final MailParameters NONE = new MailParameters(OptionalLong.empty(), Optional.empty());

    public MailParameters {
        Objects.requireNonNull(declaredSize, "declaredSize");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(ret, "ret");
        Objects.requireNonNull(envelopeId, "envelopeId");
    }

    /** Size and body type, no DSN parameters. */
    public MailParameters(OptionalLong declaredSize, Optional<BodyType> body) {
        this(declaredSize, body, Optional.empty(), Optional.empty());
    }
}
