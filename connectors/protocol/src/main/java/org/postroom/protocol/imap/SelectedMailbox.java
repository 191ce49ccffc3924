package org.postroom.protocol.imap;

import org.postroom.connector.api.imap.MailboxKey;
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
     * The view is kept compact because every selected session holds one (10,000 idle sessions on a 1,000-message
     * INBOX), in two parallel columns indexed by message sequence number - 1:
     *
     * - the UIDs in an int[], read as unsigned: IMAP UIDs are 32-bit (RFC 3501 nz-number, 1..4294967295), so the
     * long[] of before spent half its 8 bytes per message on zeros. Every comparison is unsigned, so the column stays
     * sorted and searchable above 2^31; a UID outside 1..2^32-1 from the store is a bug and fails where it enters.
     *
     * - the flag bits in the narrowest of byte[], short[] and int[] that holds every message's bits. Bits 0-4 are the
     * five system flags, bit 5 \Recent, bits 6-30 up to KEYWORD_SLOTS keywords as slots numbered per mailbox in the
     * order first seen, bit 31 OVERFLOW when the message has keywords beyond the slots, which are then kept in a map
     * by UID (the rare mailbox with many keywords pays for it, the others do not). A byte holds the system flags,
     * \Recent and the first two keywords, which is what most mailboxes use ($Forwarded, $Junk...); a message that needs
     * a higher slot widens the column for every message, once and for the life of the view (it never narrows).
     *
     * 1,000 messages: 4 + 1 bytes each instead of 8 + 4; with the array headers and SELECT_MARGIN 5,112 bytes instead
     * of 12,032. SELECT sizes the columns to the snapshot plus SELECT_MARGIN; later arrivals grow them by an eighth (at
     * least MIN_GROWTH), so the spare capacity a session holds stays small and growth stays amortized O(1).
     */
    private static final String[] SYSTEM = {ImapFlags.ANSWERED, ImapFlags.FLAGGED, ImapFlags.DELETED,
            ImapFlags.SEEN, ImapFlags.DRAFT};
    private static final int SYSTEM_MASK = (1 << SYSTEM.length) - 1;
    static final int RECENT = 1 << 5;
    private static final int FIRST_KEYWORD_BIT = 6;
    private static final int OVERFLOW = 1 << 31;
    static final int KEYWORD_SLOTS = 31 - FIRST_KEYWORD_BIT;
    private static final int KEYWORD_MASK = ((1 << KEYWORD_SLOTS) - 1) << FIRST_KEYWORD_BIT;
    /** The highest UID IMAP allows (RFC 3501 section 9, nz-number). */
    static final long MAX_UID = 0xFFFF_FFFFL;
    /** Room left at SELECT for the next arrivals, so the first new message does not copy the columns. */
    static final int SELECT_MARGIN = 16;
    private static final int MIN_GROWTH = 16;
    /** The set for each combination of system flags, shared by every session. */
    private static final List<Set<String>> SYSTEM_SETS = systemSets();
    /** The PERMANENTFLAGS of a store that lets clients create keywords, shared likewise. */
    private static final Set<String> SYSTEM_AND_NEW_KEYWORDS = systemAnd("\\*");
    private static final long[] NO_UIDS = new long[0];
    private static final String[] NO_KEYWORDS = new String[0];

    private final MailboxKey key;
    private final String name;
    private final boolean readOnly;
    private final long uidValidity;
    private final Set<String> permanentFlags;
    /** The FLAGS the client was told of (at SELECT or since): every flag it is shown must be in it (RFC 3501 7.2.6). */
    private Set<String> definedFlags;
    /** Keywords the view took that are not in {@link #definedFlags} yet; {@code null} while there are none. */
    private Set<String> unannounced;
    private long uidNext;
    private long modSeq;
    /** Unsigned UIDs, ascending; the first {@link #count} are messages, the rest spare capacity. */
    private int[] uids;
    /** The flag bits column: exactly one of these is non-null, as long as {@link #uids}. */
    private byte[] bits8;
    private short[] bits16;
    private int[] bits32;
    private int count;
    private int recentCount;
    /** The keyword of each slot; {@code null} past the last one used. */
    private String[] keywords = NO_KEYWORDS;
    /** Keywords that got no slot, by UID, for the messages with {@link #OVERFLOW}; {@code null} while none have. */
    private Map<Long, Set<String>> overflow;
    /** UIDs expunged in the store, not yet announced: ascending, without duplicates. */
    private long[] pendingExpunges = NO_UIDS;
    private int pendingCount;
    private boolean dirty;

    SelectedMailbox(MailboxSnapshot snapshot) {
        this.key = snapshot.key();
        this.name = snapshot.name();
        this.readOnly = snapshot.readOnly();
        this.uidValidity = snapshot.uidValidity();
        this.uidNext = snapshot.uidNext();
        this.modSeq = snapshot.highestModSeq();
        this.permanentFlags = snapshot.permanentFlags().equals(SYSTEM_AND_NEW_KEYWORDS)
                ? SYSTEM_AND_NEW_KEYWORDS
                : snapshot.permanentFlags();
        // a mailbox without keywords defines the system flags: one shared set instead of one per session
        this.definedFlags = snapshot.flags().equals(ImapFlags.SYSTEM) ? ImapFlags.SYSTEM : snapshot.flags();
        int capacity = snapshot.messages().size() + SELECT_MARGIN;
        this.uids = new int[capacity];
        this.bits8 = new byte[capacity];
        for (MessageFlags m : snapshot.messages()) {
            add(m);
        }
        if (unannounced != null) { // a keyword on a message that the store did not list: SELECT lists it
            definedFlags = union(definedFlags, unannounced);
            unannounced = null;
        }
    }

    MailboxKey key() {
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

    /**
     * What PERMANENTFLAGS lists: nothing in a read-only mailbox; otherwise the store's permanent flags, and when
     * these include {@code \*} (keywords may be created) also the keywords already defined.
     */
    Set<String> permanentFlagsToAnnounce() {
        if (readOnly) {
            return Set.of();
        }
        return permanentFlags.contains("\\*") ? union(permanentFlags, definedFlags) : permanentFlags;
    }

    /**
     * Announces the keywords the view took since the client was last told the mailbox's flags: untagged {@code FLAGS}
     * and, unless read-only, {@code OK [PERMANENTFLAGS]}, before any FETCH that shows them (RFC 3501 section 7.2.6).
     * Writes nothing when there are none. Every writer of a FETCH response calls it first.
     */
    void announceNewKeywords(ResponseWriter out) {
        if (unannounced == null) {
            return;
        }
        definedFlags = union(definedFlags, unannounced);
        unannounced = null;
        out.raw("* FLAGS ").flags(definedFlags, false).crlf();
        if (!readOnly) {
            out.raw("* OK [PERMANENTFLAGS ").flags(permanentFlagsToAnnounce(), false).raw("] Limited").crlf();
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /** Notes a keyword the view takes, to be announced if the client was not told of it. */
    private void keywordSeen(String keyword) {
        if (!definedFlags.contains(keyword)) {
            if (unannounced == null) {
                unannounced = new HashSet<>();
            }
            unannounced.add(keyword);
        }
    }

    int exists() {
        return count;
    }

    int recentCount() {
        return recentCount;
    }

    /** The UID of message {@code msn} (1-based). */
    long uid(int msn) {
        if (msn < 1 || msn > count) {
            throw new IndexOutOfBoundsException("message " + msn + " of " + count);
        }
        return uidAt(msn - 1);
    }

    /** The sequence number of {@code uid}, or 0 when the session does not know it. */
    int msn(long uid) {
        int i = search(uid);
        return i >= 0 ? i + 1 : 0;
    }

    /** The flags last shown for {@code uid} (never \Recent); empty for a UID the session does not know. */
    Set<String> flags(long uid) {
        int i = search(uid);
        return i < 0 ? Set.of() : decode(uid, bitsAt(i));
    }

    boolean isRecent(long uid) {
        int i = search(uid);
        return i >= 0 && (bitsAt(i) & RECENT) != 0;
    }

    /** Remembers the flags the client was shown; whether they differ from those shown before. */
    boolean updateFlags(long uid, Set<String> newFlags) {
        int i = search(uid);
        if (i < 0) {
            return false;
        }
        int old = bitsAt(i);
        Set<String> oldOverflow = (old & OVERFLOW) != 0 ? overflow.remove(uid) : null;
        int updated = encode(uid, newFlags) | (old & RECENT);
        setBits(i, updated);
        if (old != updated) {
            return true;
        }
        return (updated & OVERFLOW) != 0 && !overflow.get(uid).equals(oldOverflow);
    }

    /** The first message without \Seen, or 0. */
    int firstUnseen() {
        int seen = systemBit(ImapFlags.SEEN);
        for (int i = 0; i < count; i++) {
            if ((bitsAt(i) & seen) == 0) {
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
            if ((bitsAt(i) & RECENT) != 0) {
                recent[n++] = uidAt(i);
            }
        }
        return UidSet.of(recent);
    }

    /** All UIDs this session numbers (SEARCH ALL is answered by the store; this is for OLD). */
    UidSet allUids() {
        List<UidSet.Range> ranges = new ArrayList<>();
        addRuns(ranges, 0, count);
        return UidSet.ofRanges(ranges);
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
            long max = uidAt(count - 1);
            for (SequenceSet.Range r : set.ranges()) {
                long a = r.from() == SequenceSet.STAR ? max : r.from();
                long b = r.to() == SequenceSet.STAR ? max : r.to();
                long lo = Math.min(a, b);
                long hi = Math.max(a, b);
                int i = search(lo);
                int start = i >= 0 ? i : -i - 1;
                int end = start;
                while (end < count && uidAt(end) <= hi) {
                    end++;
                }
                addRuns(ranges, start, end);
            }
            return UidSet.ofRanges(ranges);
        }
        for (SequenceSet.Range r : set.ranges()) {
            long a = r.from() == SequenceSet.STAR ? count : r.from();
            long b = r.to() == SequenceSet.STAR ? count : r.to();
            long lo = Math.min(a, b);
            long hi = Math.max(a, b);
            if (lo < 1 || hi > count) {
                throw new ImapSyntaxException("Invalid message sequence number");
            }
            addRuns(ranges, (int) lo - 1, (int) hi);
        }
        return UidSet.ofRanges(ranges);
    }

    /**
     * Applies changes from the store and writes the untagged responses that announce them: EXPUNGE (when
     * {@code expungeAllowed}; otherwise kept pending), EXISTS and RECENT, FETCH FLAGS for flags the client has not
     * seen yet.
     *
     * @throws IllegalStateException when the store reports a new message with a UID outside 1..2^32-1 (nothing is
     *             applied then)
     */
    void apply(MailboxChanges changes, boolean expungeAllowed, ResponseWriter out) {
        for (MessageFlags m : changes.added()) {
            checkedUid(m.uid());
        }
        dirty = false;
        modSeq = Math.max(modSeq, changes.highestModSeq());
        for (long uid : changes.expunged()) {
            addPendingExpunge(uid);
        }
        if (expungeAllowed) {
            long[] pending = Arrays.copyOf(pendingExpunges, pendingCount);
            pendingExpunges = NO_UIDS;
            pendingCount = 0;
            expungeAnnounced(pending, out);
        }
        int before = count;
        int recentBefore = recentCount;
        Set<Long> expunged = changes.expunged().isEmpty() ? Set.of() : new HashSet<>(changes.expunged());
        for (MessageFlags m : changes.added()) {
            if ((count == 0 || m.uid() > uidAt(count - 1)) && !expunged.contains(m.uid())) {
                add(m);
            }
        }
        List<MessageFlags> changed = new ArrayList<>();
        for (MessageFlags m : changes.flagsChanged()) {
            if (updateFlags(m.uid(), m.flags())) {
                changed.add(m);
            }
        }
        announceNewKeywords(out); // the keywords of new messages and of changed flags, before anything shows them
        if (count != before) {
            out.raw("* " + count + " EXISTS").crlf();
        }
        if (recentCount != recentBefore) {
            out.raw("* " + recentCount + " RECENT").crlf();
        }
        for (MessageFlags m : changed) {
            out.raw("* " + msn(m.uid()) + " FETCH (FLAGS ").flags(m.flags(), isRecent(m.uid())).raw(")").crlf();
        }
    }

    /** Removes these UIDs (those still present) and writes {@code * n EXPUNGE} for each, in ascending UID order. */
    void expungeAnnounced(List<Long> expunged, ResponseWriter out) {
        expungeAnnounced(expunged.stream().mapToLong(Long::longValue).toArray(), out);
    }

    /** How many bits the flags column keeps per message: 8, 16 or 32 (tests). */
    int flagWidth() {
        return bits8 != null ? Byte.SIZE : bits16 != null ? Short.SIZE : Integer.SIZE;
    }

    /** How many messages the columns have room for (tests). */
    int capacity() {
        return uids.length;
    }

    /**
     * The heap the two per-message columns take, array headers included (16 bytes each, sizes rounded up to 8 as a
     * 64-bit JVM with compressed pointers lays them out): what the view costs beyond its few fixed fields.
     */
    long columnBytes() {
        return arrayBytes((long) uids.length * Integer.BYTES) + arrayBytes((long) uids.length * flagWidth() / 8);
    }

    private static long arrayBytes(long payload) {
        return (16 + payload + 7) & ~7L;
    }

    private void expungeAnnounced(long[] expunged, ResponseWriter out) {
        long[] sorted = expunged.clone();
        Arrays.sort(sorted);
        for (long uid : sorted) {
            int i = search(uid);
            if (i < 0) {
                continue;
            }
            int flags = bitsAt(i);
            if ((flags & RECENT) != 0) {
                recentCount--;
            }
            if ((flags & OVERFLOW) != 0) {
                overflow.remove(uid);
            }
            removeAt(i);
            removePendingExpunge(uid);
            out.raw("* " + (i + 1) + " EXPUNGE").crlf();
        }
    }

    private void add(MessageFlags m) {
        int uid = checkedUid(m.uid());
        if (count == uids.length) {
            resize(count + Math.max(MIN_GROWTH, count >> 3));
        }
        uids[count] = uid;
        setBits(count, encode(m.uid(), m.flags()) | (m.recent() ? RECENT : 0));
        count++;
        if (m.recent()) {
            recentCount++;
        }
        uidNext = Math.max(uidNext, m.uid() + 1);
    }

    /** The UID as the column keeps it; a UID IMAP cannot carry is the store's bug, reported here where it enters. */
    private int checkedUid(long uid) {
        if (uid < 1 || uid > MAX_UID) {
            throw new IllegalStateException(
                    "the store reported UID " + uid + " in mailbox " + key + ": IMAP UIDs are 1.." + MAX_UID);
        }
        return (int) uid;
    }

    private long uidAt(int i) {
        return Integer.toUnsignedLong(uids[i]);
    }

    /**
     * Binary search of the unsigned UID column, as {@link Arrays#binarySearch(int[], int)}: the index of {@code uid},
     * or {@code -(insertion point) - 1}. UIDs IMAP cannot carry are never found.
     */
    private int search(long uid) {
        if (uid < 1) {
            return -1;
        }
        if (uid > MAX_UID) {
            return -count - 1;
        }
        int wanted = (int) uid;
        int lo = 0;
        int hi = count - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Integer.compareUnsigned(uids[mid], wanted);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -lo - 1;
    }

    /** Adds the UIDs at indexes {@code from} (inclusive) to {@code to} (exclusive) as runs of consecutive UIDs. */
    private void addRuns(List<UidSet.Range> ranges, int from, int to) {
        int i = from;
        while (i < to) {
            long first = uidAt(i);
            long last = first;
            i++;
            while (i < to && uidAt(i) == last + 1) {
                last++;
                i++;
            }
            ranges.add(new UidSet.Range(first, last));
        }
    }

    private int bitsAt(int i) {
        if (bits8 != null) {
            return bits8[i] & 0xFF;
        }
        if (bits16 != null) {
            return bits16[i] & 0xFFFF;
        }
        return bits32[i];
    }

    private void setBits(int i, int value) {
        widenFor(value);
        if (bits8 != null) {
            bits8[i] = (byte) value;
        } else if (bits16 != null) {
            bits16[i] = (short) value;
        } else {
            bits32[i] = value;
        }
    }

    /** Widens the flags column, keeping every message's bits, when {@code value} does not fit it. One-way. */
    private void widenFor(int value) {
        boolean fits16 = (value & ~0xFFFF) == 0;
        if (bits8 != null && (value & ~0xFF) != 0) {
            if (fits16) {
                bits16 = new short[bits8.length];
                for (int i = 0; i < count; i++) {
                    bits16[i] = (short) (bits8[i] & 0xFF);
                }
            } else {
                bits32 = new int[bits8.length];
                for (int i = 0; i < count; i++) {
                    bits32[i] = bits8[i] & 0xFF;
                }
            }
            bits8 = null;
        } else if (bits16 != null && !fits16) {
            bits32 = new int[bits16.length];
            for (int i = 0; i < count; i++) {
                bits32[i] = bits16[i] & 0xFFFF;
            }
            bits16 = null;
        }
    }

    private void resize(int capacity) {
        uids = Arrays.copyOf(uids, capacity);
        if (bits8 != null) {
            bits8 = Arrays.copyOf(bits8, capacity);
        } else if (bits16 != null) {
            bits16 = Arrays.copyOf(bits16, capacity);
        } else {
            bits32 = Arrays.copyOf(bits32, capacity);
        }
    }

    private void removeAt(int i) {
        int tail = count - i - 1;
        System.arraycopy(uids, i + 1, uids, i, tail);
        if (bits8 != null) {
            System.arraycopy(bits8, i + 1, bits8, i, tail);
        } else if (bits16 != null) {
            System.arraycopy(bits16, i + 1, bits16, i, tail);
        } else {
            System.arraycopy(bits32, i + 1, bits32, i, tail);
        }
        count--;
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
            keywordSeen(flag);
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
        if ((flags & (KEYWORD_MASK | OVERFLOW)) == 0) {
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

    private static Set<String> systemAnd(String flag) {
        Set<String> set = new HashSet<>(ImapFlags.SYSTEM);
        set.add(flag);
        return Set.copyOf(set);
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
            pendingExpunges = NO_UIDS;
        }
    }
}
