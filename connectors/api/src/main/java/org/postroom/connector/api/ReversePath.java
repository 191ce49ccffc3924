package org.postroom.connector.api;

import java.util.Objects;
import java.util.Optional;

/**
 * The reverse-path of MAIL FROM: a mailbox, or the null path {@code <>} used by bounces and other automatic
 * messages (which must never be answered by another bounce).
 */
public record ReversePath(Optional<MailAddress> mailbox) {

    /** The null reverse-path {@code <>}. */
    public static final ReversePath NULL = new ReversePath(Optional.empty());

    public ReversePath {
        Objects.requireNonNull(mailbox, "mailbox");
    }

    public static ReversePath of(MailAddress mailbox) {
        return new ReversePath(Optional.of(mailbox));
    }

    public boolean isNull() {
        return mailbox.isEmpty();
    }

    @Override
    public String toString() {
        return mailbox.map(m -> "<" + m + ">").orElse("<>");
    }
}
