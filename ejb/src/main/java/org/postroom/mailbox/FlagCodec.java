package org.postroom.mailbox;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import org.postroom.connector.api.imap.ImapFlags;
import org.postroom.connector.api.imap.MailboxException;
import org.postroom.connector.api.imap.MailboxException.Reason;
import org.postroom.connector.api.imap.StoreMode;
import org.postroom.store.MailMessage;

/**
 * IMAP flags in the store's words: the system flags as {@link MailMessage} bits, keywords as one space-separated column
 * (case-insensitively unique, at most {@link #MAX_KEYWORDS} characters). {@code \Recent} is never stored: it is the
 * folder's recency mark.
 */
final class FlagCodec {

    static final int MAX_KEYWORDS = 1024;

    /** The PERMANENTFLAGS of every mailbox: the stored system flags and any keyword. */
    static final Set<String> PERMANENT_FLAGS;

    static {
        Set<String> permanent = new LinkedHashSet<>(ImapFlags.SYSTEM);
        permanent.add("\\*");
        PERMANENT_FLAGS = Set.copyOf(permanent);
    }

    /** Immutable flag sets of messages without keywords, one per combination of system flags. */
    private static final List<Set<String>> SYSTEM_FLAG_SETS = IntStream.rangeClosed(0, MailMessage.ALL_FLAGS)
            .mapToObj(bits -> Set.copyOf(flags(bits, null))).toList();

    private FlagCodec() {
    }

    /** Flags as a client gives them, encoded: their system flag bits and their keywords (in the client's case). */
    record Encoded(int bits, Set<String> keywords) {
    }

    /** Encodes flags as STORE and APPEND give them; {@code \Recent} and what is not a flag are ignored. */
    static Encoded encode(Set<String> flags) {
        int bits = 0;
        Set<String> keywords = new LinkedHashSet<>();
        for (String flag : flags) {
            Optional<String> canonical = ImapFlags.canonical(flag);
            if (canonical.isEmpty() || canonical.get().equals(ImapFlags.RECENT)) {
                continue;
            }
            int bit = bit(canonical.get());
            if (bit != 0) {
                bits |= bit;
            } else {
                keywords.add(canonical.get());
            }
        }
        return new Encoded(bits, keywords);
    }

    /** The flags of a stored message, system flags first. */
    static Set<String> flags(int bits, String keywords) {
        Set<String> flags = new LinkedHashSet<>();
        if ((bits & MailMessage.ANSWERED) != 0) {
            flags.add(ImapFlags.ANSWERED);
        }
        if ((bits & MailMessage.FLAGGED) != 0) {
            flags.add(ImapFlags.FLAGGED);
        }
        if ((bits & MailMessage.DELETED) != 0) {
            flags.add(ImapFlags.DELETED);
        }
        if ((bits & MailMessage.SEEN) != 0) {
            flags.add(ImapFlags.SEEN);
        }
        if ((bits & MailMessage.DRAFT) != 0) {
            flags.add(ImapFlags.DRAFT);
        }
        flags.addAll(splitKeywords(keywords));
        return flags;
    }

    /** As {@link #flags}, immutable, and shared when there are no keywords (SELECT of a large mailbox). */
    static Set<String> sharedFlags(int bits, String keywords) {
        return keywords == null && bits >= 0 && bits <= MailMessage.ALL_FLAGS
                ? SYSTEM_FLAG_SETS.get(bits)
                : Set.copyOf(flags(bits, keywords));
    }

    /** The {@link MailMessage} bit of a canonical system flag; 0 for a keyword or {@code \Recent}. */
    static int bit(String canonicalFlag) {
        return switch (canonicalFlag) {
            case ImapFlags.SEEN -> MailMessage.SEEN;
            case ImapFlags.ANSWERED -> MailMessage.ANSWERED;
            case ImapFlags.FLAGGED -> MailMessage.FLAGGED;
            case ImapFlags.DELETED -> MailMessage.DELETED;
            case ImapFlags.DRAFT -> MailMessage.DRAFT;
            default -> 0;
        };
    }

    /** The keyword column after a STORE of {@code given} in this mode on {@code stored} (null: none). */
    static String keywords(StoreMode mode, String stored, Set<String> given) {
        Map<String, String> result = new LinkedHashMap<>();
        if (mode != StoreMode.REPLACE) {
            for (String k : splitKeywords(stored)) {
                result.put(k.toLowerCase(Locale.ROOT), k);
            }
        }
        for (String k : given) {
            if (mode == StoreMode.REMOVE) {
                result.remove(k.toLowerCase(Locale.ROOT));
            } else {
                result.putIfAbsent(k.toLowerCase(Locale.ROOT), k);
            }
        }
        return result.isEmpty() ? null : String.join(" ", result.values());
    }

    /** Refuses a keyword column longer than {@link #MAX_KEYWORDS} with LIMIT. */
    static void checkLength(String keywords) throws MailboxException {
        if (keywords != null && keywords.length() > MAX_KEYWORDS) {
            throw new MailboxException(Reason.LIMIT, "Too many keywords");
        }
    }

    private static Collection<String> splitKeywords(String keywords) {
        if (keywords == null || keywords.isBlank()) {
            return List.of();
        }
        return List.of(keywords.trim().split(" +"));
    }
}
