package org.postroom.protocol.imap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postroom.connector.api.imap.ImapFlags;
import org.postroom.connector.api.imap.MailboxChanges;
import org.postroom.connector.api.imap.MailboxSnapshot;
import org.postroom.connector.api.imap.MessageFlags;
import org.postroom.connector.api.imap.UidSet;

/**
 * A session's view of its selected mailbox: the UID of each message sequence number, the flags last shown, which
 * messages are \Recent here, and the modification sequence up to which the store's changes have been applied.
 *
 * <p>
 * Changes from the store are applied only where IMAP lets the server announce them. EXPUNGE may not be sent during
 * FETCH, STORE or SEARCH (RFC 3501 section 7.4.1): an expunge learned then is kept pending, and the message keeps its
 * sequence number until it can be announced.
 */
final class SelectedMailbox {

    /*
     * The view is kept compact because every selected session holds one (10,000 sessions on a 1,000-message INBOX
     * must fit a 1 GiB heap): per message a UID in a long[] and an int of flag bits in a parallel int[], 12 bytes in
     * all. The bits: the five system flags, \Recent, up to KEYWORD_SLOTS keywords as slots numbered per mailbox in
     * the order first seen, and OVERFLOW when the message has keywords beyond the slots, which are then kept in a
     * map by UID (the rare mailbox with many keywords pays for it, the others do not).
     */
    private static final String[] SYSTEM = {ImapFlags.ANSWERED, ImapFlags.FLAGGED, ImapFlags.DELETED,
            ImapFlags.SEEN, ImapFlags.DRAFT};
    private static final int SYSTEM_MASK = (1 << SYSTEM.length) - 1;
    static final int RECENT = 1 << 5;
    private static final int OVERFLOW = 1 << 6;
    private static final int FIRST_KEYWORD_BIT = 7;
    static final int KEYWORD_SLOTS = 32 - FIRST_KEYWORD_BIT;
    /** The set for each combination of system flags, shared by every session. */
    private static final List<Set<String>> SYSTEM_SETS = systemSets();

    private final String key;
    private final String name;
    private final boolean readOnly;
    private final long uidValidity;
    private final Set<String> permanentFlags;
    private final Set<String> definedFlags;
    private long uidNext;
    private long modSeq;
    private long[] uids;
    private int[] bits;
    private int count;
    private int recentCount;
    /** The keyword of each slot; {@code null} past the last one used. */
    private String[] keywords = new String[0];
    /** Keywords that got no slot, by UID, for the messages with {@link #OVERFLOW}; {@code null} while there are none. */
    private Map<Long, Set<String>> overflow;
    /** UIDs expunged in the store, not yet announced: ascending, without duplicates. */
    private long[] pendingExpunges = EMPTY;
    private int pendingCount;
    private boolean dirty;

    private static final long[] EMPTY = new long[0];

    SelectedMailbox(MailboxSnapshot snapshot) {
        this.key = snapshot.key();
        this.name = snapshot.name();
        this.readOnly = snapshot.readOnly();
        this.uidValidity = snapshot.uidValidity();
        this.uidNext = snapshot.uidNext();
        this.modSeq = snapshot.highestModSeq();
        this.permanentFlags = snapshot.permanentFlags();
        this.definedFlags = snapshot.flags();
        int n = snapshot.messages().size();
        this.uids = new long[n];
        this.bits = new int[n];
        for (MessageFlags m : snapshot.messages()) {
            add(m);
        }
    }

    String key() {
        return key;
    }

    String name() {
        return name;
    }

    boolean readOnly() {
        return readOnly;
    }

    long uidValidity() {
        return uidValidity;
    }

    long uidNext() {
        return uidNext;
    }

    long modSeq() {
        return modSeq;
    }

    Set<String> permanentFlags() {
        return permanentFlags;
    }

    Set<String> definedFlags() {
        return definedFlags;
    }

    int exists() {
        return count;
    }

    int recentCount() {
        return recentCount;
    }

    /** The UID of message {@code msn} (1-based). */
    long uid(int msn) {
        return uids[msn - 1];
    }

    /** The sequence number of {@code uid}, or 0 when the session does not know it. */
    int msn(long uid) {
        int i = Arrays.binarySearch(uids, 0, count, uid);
        return i >= 0 ? i + 1 : 0;
    }

    /** The flags last shown for {@code uid} (never \Recent); empty for a UID the session does not know. */
    Set<String> flags(long uid) {
        int msn = msn(uid);
        return msn == 0 ? Set.of() : decode(uid, bits[msn - 1]);
    }

    boolean isRecent(long uid) {
        int msn = msn(uid);
        return msn != 0 && (bits[msn - 1] & RECENT) != 0;
    }

    /** Remembers the flags the client was shown; whether they differ from those shown before. */
    boolean updateFlags(long uid, Set<String> newFlags) {
        int msn = msn(uid);
        if (msn == 0) {
            return false;
        }
        int old = bits[msn - 1];
        Set<String> oldOverflow = (old & OVERFLOW) != 0 ? overflow.remove(uid) : null;
        int updated = encode(uid, newFlags) | (old & RECENT);
        bits[msn - 1] = updated;
        if (old != updated) {
            return true;
        }
        return (updated & OVERFLOW) != 0 && !overflow.get(uid).equals(oldOverflow);
    }

    /** The first message without \Seen, or 0. */
    int firstUnseen() {
        int seen = systemBit(ImapFlags.SEEN);
        for (int i = 0; i < count; i++) {
            if ((bits[i] & seen) == 0) {
                return i + 1;
            }
        }
        return 0;
    }

    void markDirty() {
        dirty = true;
    }

    boolean isDirty() {
        return dirty || pendingCount > 0;
    }

    /** The recent messages' UIDs (for SEARCH RECENT, NEW, OLD). */
    UidSet recentUids() {
        long[] recent = new long[recentCount];
        int n = 0;
        for (int i = 0; i < count; i++) {
            if ((bits[i] & RECENT) != 0) {
                recent[n++] = uids[i];
            }
        }
        return UidSet.of(recent);
    }

    /** All UIDs this session numbers (SEARCH ALL is answered by the store; this is for OLD). */
    UidSet allUids() {
        return UidSet.of(Arrays.copyOf(uids, count));
    }

    /**
     * The UIDs a sequence set names. Message numbers must exist (otherwise a syntax error, RFC 3501 section 9
     * "seq-number"); a UID set names the existing messages in its ranges, {@code *} being the highest UID, and may
     * name none.
     */
    UidSet resolve(SequenceSet set, boolean byUid) throws ImapSyntaxException {
        List<UidSet.Range> ranges = new ArrayList<>();
        if (byUid) {
            if (count == 0) {
                return UidSet.EMPTY;
            }
            long max = uids[count - 1];
            List<UidSet.Range> found = new ArrayList<>();
            for (SequenceSet.Range r : set.ranges()) {
                long a = r.from() == SequenceSet.STAR ? max : r.from();
                long b = r.to() == SequenceSet.STAR ? max : r.to();
                long lo = Math.min(a, b);
                long hi = Math.max(a, b);
                int i = Arrays.binarySearch(uids, 0, count, lo);
                int start = i >= 0 ? i : -i - 1;
                for (int k = start; k < count && uids[k] <= hi; k++) {
                    found.add(new UidSet.Range(uids[k], uids[k]));
                }
            }
            return UidSet.ofRanges(found);
        }
        for (SequenceSet.Range r : set.ranges()) {
            long a = r.from() == SequenceSet.STAR ? count : r.from();
            long b = r.to() == SequenceSet.STAR ? count : r.to();
            long lo = Math.min(a, b);
            long hi = Math.max(a, b);
            if (lo < 1 || hi > count) {
                throw new ImapSyntaxException("Invalid message sequence number");
            }
            for (long msn = lo; msn <= hi; msn++) {
                ranges.add(new UidSet.Range(uid((int) msn), uid((int) msn)));
            }
        }
        return UidSet.ofRanges(ranges);
    }

    /**
     * Applies changes from the store and writes the untagged responses that announce them: EXPUNGE (when
     * {@code expungeAllowed}; otherwise kept pending), EXISTS and RECENT, FETCH FLAGS for flags the client has not
     * seen yet.
     */
    void apply(MailboxChanges changes, boolean expungeAllowed, ResponseWriter out) {
        dirty = false;
        modSeq = Math.max(modSeq, changes.highestModSeq());
        for (long uid : changes.expunged()) {
            addPendingExpunge(uid);
        }
        if (expungeAllowed) {
            long[] pending = Arrays.copyOf(pendingExpunges, pendingCount);
            pendingExpunges = EMPTY;
            pendingCount = 0;
            expungeAnnounced(pending, out);
        }
        int before = count;
        int recentBefore = recentCount;
        Set<Long> expunged = changes.expunged().isEmpty() ? Set.of() : new HashSet<>(changes.expunged());
        for (MessageFlags m : changes.added()) {
            if ((count == 0 || m.uid() > uids[count - 1]) && !expunged.contains(m.uid())) {
                add(m);
            }
        }
        if (count != before) {
            out.raw("* " + count + " EXISTS").crlf();
        }
        if (recentCount != recentBefore) {
            out.raw("* " + recentCount + " RECENT").crlf();
        }
        for (MessageFlags m : changes.flagsChanged()) {
            if (updateFlags(m.uid(), m.flags())) {
                out.raw("* " + msn(m.uid()) + " FETCH (FLAGS ").flags(m.flags(), isRecent(m.uid())).raw(")").crlf();
            }
        }
    }

    /** Removes these UIDs (those still present) and writes {@code * n EXPUNGE} for each, in ascending UID order. */
    void expungeAnnounced(List<Long> expunged, ResponseWriter out) {
        expungeAnnounced(expunged.stream().mapToLong(Long::longValue).toArray(), out);
    }

    private void expungeAnnounced(long[] expunged, ResponseWriter out) {
        long[] sorted = expunged.clone();
        Arrays.sort(sorted);
        for (long uid : sorted) {
            int msn = msn(uid);
            if (msn == 0) {
                continue;
            }
            int flags = bits[msn - 1];
            if ((flags & RECENT) != 0) {
                recentCount--;
            }
            if ((flags & OVERFLOW) != 0) {
                overflow.remove(uid);
            }
            System.arraycopy(uids, msn, uids, msn - 1, count - msn);
            System.arraycopy(bits, msn, bits, msn - 1, count - msn);
            count--;
            removePendingExpunge(uid);
            out.raw("* " + msn + " EXPUNGE").crlf();
        }
    }

    private void add(MessageFlags m) {
        if (count == uids.length) {
            int capacity = Math.max(16, uids.length + (uids.length >> 1));
            uids = Arrays.copyOf(uids, capacity);
            bits = Arrays.copyOf(bits, capacity);
        }
        uids[count] = m.uid();
        bits[count] = encode(m.uid(), m.flags()) | (m.recent() ? RECENT : 0);
        count++;
        if (m.recent()) {
            recentCount++;
        }
        uidNext = Math.max(uidNext, m.uid() + 1);
    }

    /**
     * The bits for these flags; keywords without a slot go to {@link #overflow} under {@code uid}. \Recent in
     * {@code flags} is ignored (it is per session, never stored).
     */
    private int encode(long uid, Set<String> flags) {
        int result = 0;
        Set<String> extra = null;
        for (String flag : flags) {
            int system = systemBit(flag);
            if (system != 0) {
                result |= system;
                continue;
            }
            if (flag.equals(ImapFlags.RECENT)) {
                continue;
            }
            int slot = slot(flag);
            if (slot >= 0) {
                result |= 1 << (FIRST_KEYWORD_BIT + slot);
            } else {
                if (extra == null) {
                    extra = new HashSet<>();
                }
                extra.add(flag);
            }
        }
        if (extra != null) {
            if (overflow == null) {
                overflow = new HashMap<>();
            }
            overflow.put(uid, Set.copyOf(extra));
            result |= OVERFLOW;
        }
        return result;
    }

    private Set<String> decode(long uid, int flags) {
        if ((flags & ~(SYSTEM_MASK | RECENT)) == 0) {
            return SYSTEM_SETS.get(flags & SYSTEM_MASK);
        }
        Set<String> result = new HashSet<>(SYSTEM_SETS.get(flags & SYSTEM_MASK));
        for (int slot = 0; slot < KEYWORD_SLOTS; slot++) {
            if ((flags & (1 << (FIRST_KEYWORD_BIT + slot))) != 0) {
                result.add(keywords[slot]);
            }
        }
        if ((flags & OVERFLOW) != 0) {
            result.addAll(overflow.get(uid));
        }
        return Set.copyOf(result);
    }

    /** The keyword's slot, given one if it has none and one is free; -1 when all are taken. */
    private int slot(String keyword) {
        int i = 0;
        for (; i < keywords.length && keywords[i] != null; i++) {
            if (keywords[i].equals(keyword)) {
                return i;
            }
        }
        if (i == keywords.length) {
            if (keywords.length == KEYWORD_SLOTS) {
                return -1;
            }
            keywords = Arrays.copyOf(keywords, Math.min(KEYWORD_SLOTS, Math.max(4, keywords.length * 2)));
        }
        keywords[i] = keyword;
        return i;
    }

    private static int systemBit(String flag) {
        for (int i = 0; i < SYSTEM.length; i++) {
            if (SYSTEM[i].equals(flag)) {
                return 1 << i;
            }
        }
        return 0;
    }

    private static List<Set<String>> systemSets() {
        List<Set<String>> sets = new ArrayList<>();
        for (int mask = 0; mask <= SYSTEM_MASK; mask++) {
            Set<String> set = new HashSet<>();
            for (int i = 0; i < SYSTEM.length; i++) {
                if ((mask & (1 << i)) != 0) {
                    set.add(SYSTEM[i]);
                }
            }
            sets.add(Set.copyOf(set));
        }
        return List.copyOf(sets);
    }

    private void addPendingExpunge(long uid) {
        int i = Arrays.binarySearch(pendingExpunges, 0, pendingCount, uid);
        if (i >= 0) {
            return;
        }
        int at = -i - 1;
        if (pendingCount == pendingExpunges.length) {
            pendingExpunges = Arrays.copyOf(pendingExpunges, Math.max(4, pendingCount * 2));
        }
        System.arraycopy(pendingExpunges, at, pendingExpunges, at + 1, pendingCount - at);
        pendingExpunges[at] = uid;
        pendingCount++;
    }

    private void removePendingExpunge(long uid) {
        int i = Arrays.binarySearch(pendingExpunges, 0, pendingCount, uid);
        if (i < 0) {
            return;
        }
        System.arraycopy(pendingExpunges, i + 1, pendingExpunges, i, pendingCount - i - 1);
        pendingCount--;
        if (pendingCount == 0) {
            pendingExpunges = EMPTY;
        }
    }
}
