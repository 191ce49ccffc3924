package org.postroom.connector.api;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The MAIL FROM parameters the engine understood: the size the client declared (RFC 1870, already checked against
 * the maximum) and the body type (RFC 6152; absent means the client said nothing, which RFC 6152 reads as 7BIT).
 */
public record MailParameters(OptionalLong declaredSize, Optional<BodyType> body) {

    /** No parameters. */
    public static final MailParameters NONE = new MailParameters(OptionalLong.empty(), Optional.empty());

    public MailParameters {
        Objects.requireNonNull(declaredSize, "declaredSize");
        Objects.requireNonNull(body, "body");
    }
}
