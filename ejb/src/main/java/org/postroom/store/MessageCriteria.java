package org.postroom.store;

import java.time.Instant;
import java.util.List;

/**
 * What the store can evaluate of a search, in its own words: flag bits, UID ranges, internal dates and sizes. The
 * mailbox service translates a protocol's search into these; whatever the store does not index is {@link Unindexed},
 * left for the caller to decide on each candidate row.
 */
public sealed interface MessageCriteria {

    /** Every message. */
    record All() implements MessageCriteria {
    }

    /**
     * A header field whose stored search text ({@code from, to, cc, bcc, subject}: the texts of ADR 0077, folded)
     * contains {@code needle} (folded, not empty). The store narrows to the messages whose text contains it or that
     * have no stored text; the caller decides each with the text it returns, or the content.
     */
    record HeaderText(String field, String needle) implements MessageCriteria {
    }

    /** A condition the store does not index (headers, body, keywords): the caller evaluates it. */
    record Unindexed() implements MessageCriteria {
    }

    record And(List<MessageCriteria> criteria) implements MessageCriteria {
        public And {
            criteria = List.copyOf(criteria);
        }
    }

    record Or(MessageCriteria left, MessageCriteria right) implements MessageCriteria {
    }

    record Not(MessageCriteria criteria) implements MessageCriteria {
    }

    /** The {@link MailMessage} system flag bit is {@code set} (or not). */
    record FlagBit(int bit, boolean set) implements MessageCriteria {
    }

    /** UIDs in any of these inclusive ranges, ascending and disjoint; none matches when empty. */
    record Uids(List<UidRange> ranges) implements MessageCriteria {
        public Uids {
            ranges = List.copyOf(ranges);
        }
    }

    record UidRange(long first, long last) {
    }

    /** Internal date before this instant. */
    record ReceivedBefore(Instant instant) implements MessageCriteria {
    }

    /** Internal date at or after this instant. */
    record ReceivedSince(Instant instant) implements MessageCriteria {
    }

    /** Size in octets above this. */
    record LargerThan(long octets) implements MessageCriteria {
    }

    /** Size in octets below this. */
    record SmallerThan(long octets) implements MessageCriteria {
    }
}
