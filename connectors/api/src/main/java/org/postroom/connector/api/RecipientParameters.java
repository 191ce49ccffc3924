package org.postroom.connector.api;

import java.util.Objects;
import java.util.Optional;

/**
 * The RCPT TO parameters the engine understood (RFC 3461 DSN).
 *
 * @param notifyConditions {@code NOTIFY=} as received, upper case: {@code NEVER}, or a comma-separated list of
 *        {@code SUCCESS}, {@code FAILURE}, {@code DELAY}
 * @param originalRecipient {@code ORCPT=} as {@code addr-type;address}, the address xtext decoded
 */
public record RecipientParameters(Optional<String> notifyConditions, Optional<String> originalRecipient) {

    /** No parameters. */
    public static final RecipientParameters NONE = new RecipientParameters(Optional.empty(), Optional.empty());

    public RecipientParameters {
        Objects.requireNonNull(notifyConditions, "notifyConditions");
        Objects.requireNonNull(originalRecipient, "originalRecipient");
    }
}
