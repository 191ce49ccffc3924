package org.postroom.protocol.imap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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

    private final String key;
    private final String name;
    private final boolean readOnly;
    private final long uidValidity;
    private final Set<String> permanentFlags;
    private final Set<String> definedFlags;
    private long uidNext;
    private long modSeq;
    private long[] uids;
    private int count;
    private final Map<Long, Set<String>> flags = new HashMap<>();
    private final Set<Long> recent = new HashSet<>();
    private final Set<Long> pendingExpunges = new TreeSet<>();
    private boolean dirty;

    SelectedMailbox(MailboxSnapshot snapshot) {
        this.key = snapshot.key();
        this.name = snapshot.name();
        this.readOnly = snapshot.readOnly();
        this.uidValidity = snapshot.uidValidity();
        this.uidNext = snapshot.uidNext();
        this.modSeq = snapshot.highestModSeq();
        this.permanentFlags = snapshot.permanentFlags();
        this.definedFlags = snapshot.flags();
        this.uids = new long[Math.max(16, snapshot.messages().size())];
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
        return recent.size();
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

    Set<String> flags(long uid) {
        return flags.getOrDefault(uid, Set.of());
    }

    boolean isRecent(long uid) {
        return recent.contains(uid);
    }

    /** Remembers the flags the client was shown; whether they differ from those shown before. */
    boolean updateFlags(long uid, Set<String> newFlags) {
        if (msn(uid) == 0) {
            return false;
        }
        Set<String> copy = Set.copyOf(newFlags);
        return !copy.equals(flags.put(uid, copy));
    }

    /** The first message without \Seen, or 0. */
    int firstUnseen() {
        for (int i = 0; i < count; i++) {
            if (!flags(uids[i]).contains(ImapFlags.SEEN)) {
                return i + 1;
            }
        }
        return 0;
    }

    void markDirty() {
        dirty = true;
    }

    boolean isDirty() {
        return dirty || !pendingExpunges.isEmpty();
    }

    /** The recent messages' UIDs (for SEARCH RECENT, NEW, OLD). */
    UidSet recentUids() {
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
            List<Long> found = new ArrayList<>();
            for (SequenceSet.Range r : set.ranges()) {
                long a = r.from() == SequenceSet.STAR ? max : r.from();
                long b = r.to() == SequenceSet.STAR ? max : r.to();
                long lo = Math.min(a, b);
                long hi = Math.max(a, b);
                int i = Arrays.binarySearch(uids, 0, count, lo);
                int start = i >= 0 ? i : -i - 1;
                for (int k = start; k < count && uids[k] <= hi; k++) {
                    found.add(uids[k]);
                }
            }
            return UidSet.of(found);
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
        pendingExpunges.addAll(changes.expunged());
        if (expungeAllowed) {
            expungeAnnounced(new ArrayList<>(pendingExpunges), out);
            pendingExpunges.clear();
        }
        int before = count;
        int recentBefore = recent.size();
        for (MessageFlags m : changes.added()) {
            if ((count == 0 || m.uid() > uids[count - 1]) && !changes.expunged().contains(m.uid())) {
                add(m);
            }
        }
        if (count != before) {
            out.raw("* " + count + " EXISTS").crlf();
        }
        if (recent.size() != recentBefore) {
            out.raw("* " + recent.size() + " RECENT").crlf();
        }
        for (MessageFlags m : changes.flagsChanged()) {
            if (updateFlags(m.uid(), m.flags())) {
                out.raw("* " + msn(m.uid()) + " FETCH (FLAGS ").flags(m.flags(), isRecent(m.uid())).raw(")").crlf();
            }
        }
    }

    /** Removes these UIDs (those still present) and writes {@code * n EXPUNGE} for each, in ascending UID order. */
    void expungeAnnounced(List<Long> expunged, ResponseWriter out) {
        List<Long> sorted = new ArrayList<>(expunged);
        sorted.sort(null);
        for (long uid : sorted) {
            int msn = msn(uid);
            if (msn == 0) {
                continue;
            }
            System.arraycopy(uids, msn, uids, msn - 1, count - msn);
            count--;
            flags.remove(uid);
            recent.remove(uid);
            pendingExpunges.remove(uid);
            out.raw("* " + msn + " EXPUNGE").crlf();
        }
    }

    private void add(MessageFlags m) {
        if (count == uids.length) {
            uids = Arrays.copyOf(uids, uids.length * 2);
        }
        uids[count++] = m.uid();
        flags.put(m.uid(), m.flags());
        if (m.recent()) {
            recent.add(m.uid());
        }
        uidNext = Math.max(uidNext, m.uid() + 1);
    }
}
