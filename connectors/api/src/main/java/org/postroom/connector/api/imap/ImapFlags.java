package org.postroom.connector.api.imap;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The RFC 3501 system flags, spelled as the engine passes them to the listener. */
public final class ImapFlags {

    public static final String SEEN = "\\Seen";
    public static final String ANSWERED = "\\Answered";
    public static final String FLAGGED = "\\Flagged";
    public static final String DELETED = "\\Deleted";
    public static final String DRAFT = "\\Draft";
    /** Never stored: the engine computes it per session. */
    public static final String RECENT = "\\Recent";

    /** The system flags a store keeps, in the order IMAP lists them. */
    public static final Set<String> SYSTEM = Set.of(ANSWERED, FLAGGED, DELETED, SEEN, DRAFT);

    private ImapFlags() {
    }

    /**
     * The canonical spelling of a flag: system flags are case-insensitive ({@code \SEEN} is {@code \Seen}); keywords
     * are kept as given. Empty for an unknown backslash flag, which a client may not set.
     */
    public static Optional<String> canonical(String flag) {
        if (!flag.startsWith("\\")) {
            return Optional.of(flag);
        }
        return switch (flag.toLowerCase(Locale.ROOT)) {
            case "\\seen" -> Optional.of(SEEN);
            case "\\answered" -> Optional.of(ANSWERED);
            case "\\flagged" -> Optional.of(FLAGGED);
            case "\\deleted" -> Optional.of(DELETED);
            case "\\draft" -> Optional.of(DRAFT);
            case "\\recent" -> Optional.of(RECENT);
            default -> Optional.empty();
        };
    }
}
