package org.postroom.mailbox;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postroom.store.Folder;
import org.postroom.store.MessageRepository;
import org.postroom.store.MessageRow;

/**
 * The UIDs and flags of recently selected folders, each as of a modification sequence, so that SELECT reads only
 * what changed since (ADR 0021): the rows changed after that modseq and the expunge log, both through indexes,
 * instead of every row of the mailbox. Dovecot keeps the same thing in its index files.
 *
 * <p>
 * A view is brought up to date only under the folder's row lock, which every writer (append, delivery, STORE, COPY,
 * EXPUNGE, POP3) takes before it changes the folder's messages and bumps its modseq: with the lock held, the
 * folder's highest modseq is final and a view at that modseq is exact. Views are immutable and validated by folder
 * id, UIDVALIDITY and modseq before use, so a view can be outdated but never wrong, also with several servers on one
 * database. Bounded by the number of messages held, least recently selected dropped first.
 */
@ApplicationScoped
public class FolderViews {

    /** About 16 bytes each: a few megabytes at most. */
    static final long DEFAULT_MAX_MESSAGES = 500_000;

    private final long maxMessages;
    private final Map<Long, View> views = new LinkedHashMap<>(64, 0.75f, true);
    private long held;

    public FolderViews() {
        this(DEFAULT_MAX_MESSAGES);
    }

    public FolderViews(long maxMessages) {
        this.maxMessages = maxMessages;
    }

    /**
     * One folder's messages in ascending UID order at {@link #modSeq()}: system flag bits and keywords (null when
     * none) per message.
     */
    public record View(long uidValidity, long modSeq, long[] uids, int[] systemFlags, String[] keywords) {

        public int size() {
            return uids.length;
        }

        static View of(long uidValidity, long modSeq, List<MessageRow> rows) {
            int n = rows.size();
            long[] uids = new long[n];
            int[] flags = new int[n];
            String[] keywords = new String[n];
            for (int i = 0; i < n; i++) {
                MessageRow r = rows.get(i);
                uids[i] = r.uid();
                flags[i] = r.systemFlags();
                keywords[i] = blankToNull(r.keywords());
            }
            return new View(uidValidity, modSeq, uids, flags, keywords);
        }

        /**
         * This view with the messages expunged since removed, and the rows changed since (ascending UID) updated or,
         * when new, added: UIDs only grow, so a new row's UID is above every UID of this view. Null if the changes do
         * not fit this view (a new UID below its highest): the caller reads the folder whole.
         */
        View advance(long newModSeq, List<MessageRow> changed, List<Long> expunged) {
            long[] gone = expunged.stream().mapToLong(Long::longValue).sorted().toArray();
            int n = uids.length;
            long[] u = new long[n + changed.size()];
            int[] f = new int[u.length];
            String[] k = new String[u.length];
            int size = 0;
            for (int i = 0; i < n; i++) {
                if (Arrays.binarySearch(gone, uids[i]) < 0) {
                    u[size] = uids[i];
                    f[size] = systemFlags[i];
                    k[size] = keywords[i];
                    size++;
                }
            }
            int kept = size;
            for (MessageRow r : changed) {
                int at = Arrays.binarySearch(u, 0, kept, r.uid());
                if (at >= 0) {
                    f[at] = r.systemFlags();
                    k[at] = blankToNull(r.keywords());
                } else if (size == 0 || r.uid() > u[size - 1]) {
                    u[size] = r.uid();
                    f[size] = r.systemFlags();
                    k[size] = blankToNull(r.keywords());
                    size++;
                } else {
                    return null;
                }
            }
            return new View(uidValidity, newModSeq, Arrays.copyOf(u, size), Arrays.copyOf(f, size),
                    Arrays.copyOf(k, size));
        }

        private static String blankToNull(String keywords) {
            return keywords == null || keywords.isBlank() ? null : keywords;
        }
    }

    /**
     * The folder's messages at its highest modseq. The caller holds the folder's row lock ({@link
     * org.postroom.store.FolderRepository#lock}) in the current transaction and read {@code locked} under it.
     */
    public View current(Folder locked, MessageRepository mailboxes) {
        long modSeq = locked.getHighestModSeq();
        View view = get(locked.getId());
        if (view != null && view.uidValidity() == locked.getUidValidity() && view.modSeq() < modSeq) {
            view = view.advance(modSeq, mailboxes.rowsChangedSince(locked, view.modSeq()),
                    mailboxes.expungedSince(locked, view.modSeq()));
        }
        if (view == null || view.uidValidity() != locked.getUidValidity() || view.modSeq() != modSeq) {
            view = View.of(locked.getUidValidity(), modSeq, mailboxes.rows(locked, 1, locked.getUidNext() - 1));
        }
        put(locked.getId(), view);
        return view;
    }

    private synchronized void forget(long folderId) {
        View v = views.remove(folderId);
        if (v != null) {
            held -= weight(v);
        }
    }

    synchronized int folders() {
        return views.size();
    }

    synchronized long messages() {
        return held;
    }

    private synchronized View get(long folderId) {
        return views.get(folderId);
    }

    private synchronized void put(long folderId, View view) {
        View old = views.put(folderId, view);
        if (old != null) {
            held -= weight(old);
        }
        held += weight(view);
        if (weight(view) > maxMessages) {
            forget(folderId);
            return;
        }
        List<Long> evict = new ArrayList<>();
        var it = views.entrySet().iterator();
        long left = held;
        while (left > maxMessages && it.hasNext()) {
            Map.Entry<Long, View> e = it.next();
            evict.add(e.getKey());
            left -= weight(e.getValue());
        }
        evict.forEach(this::forget);
    }

    private static long weight(View v) {
        return v.size() + 1L;
    }
}
