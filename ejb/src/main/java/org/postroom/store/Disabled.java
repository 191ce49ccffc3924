package org.postroom.store;

import java.time.Instant;
import java.util.Objects;

/**
 * An account that is kept but takes no login and no mail (ADR 0066): a directory user's mailbox whose user left the
 * directory, or is disabled there, as the last directory sync saw it.
 *
 * @param at when it was disabled
 * @param reason why, for the administrator ({@link #NOT_IN_DIRECTORY}, {@link #DISABLED_IN_DIRECTORY})
 */
public record Disabled(Instant at, String reason) {

    public static final String NOT_IN_DIRECTORY = "not in the directory";
    public static final String DISABLED_IN_DIRECTORY = "disabled in the directory";

    public Disabled {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reason, "reason");
    }
}
