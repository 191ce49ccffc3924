package org.postroom.protocol.imap;

import org.postroom.connector.api.imap.MailboxKey;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.postroom.connector.api.AuthenticatedUser;
import org.postroom.connector.api.AuthenticationResult;
import org.postroom.connector.api.Credentials;
import org.postroom.connector.api.imap.AppendResult;
import org.postroom.connector.api.imap.CopyResult;
import org.postroom.connector.api.imap.FetchedMessage;
import org.postroom.connector.api.imap.MailboxChanges;
import org.postroom.connector.api.imap.MailboxException;
import org.postroom.connector.api.imap.MailboxInfo;
import org.postroom.connector.api.imap.MailboxSessionListener;
import org.postroom.connector.api.imap.MailboxSnapshot;
import org.postroom.connector.api.imap.MailboxStatus;
import org.postroom.connector.api.imap.MessageFlags;
import org.postroom.connector.api.imap.MessageMetadata;
import org.postroom.connector.api.imap.SearchKey;
import org.postroom.connector.api.imap.StoreMode;
import org.postroom.connector.api.imap.UidSet;

/**
 * The listener one IMAP session calls: the store's listener behind the server's shared {@link MessageCache} (ADR
 * 0020, ADR 0032). Everything is passed through, except:
 * <ul>
 * <li>{@link #fetchWithContent} answers the messages the cache holds from it, with the flags of the session's view
 * (flags are never cached), asks the store only for the others and caches what it returns; when a request names at
 * most {@value #READ_AHEAD_TRIGGER} messages and some miss, the same store call reads ahead up to {@value
 * #READ_AHEAD_MESSAGES} following messages of the view that are not cached, within {@value #READ_AHEAD_BYTES} bytes,
 * into the cache only;</li>
 * <li>expunges this session learns of ({@link #expunge}, {@link #move}, {@link #changesSince}) drop their entries.</li>
 * </ul>
 * While {@linkplain #nonBlocking answering without blocking} (on the network thread), every call that would reach
 * the store throws {@link WouldBlock} instead, so a command runs by its one code path either from memory or not at
 * all.
 *
 * <p>
 * One per session, used by one thread at a time, like the session.
 */
final class CachingMailboxSessionListener implements MailboxSessionListener {

    /** Read ahead when a request with content names at most this many messages and some are not cached. */
    static final int READ_AHEAD_TRIGGER = 4;
    /** The most messages read ahead beyond those asked. */
    static final int READ_AHEAD_MESSAGES = 31;
    /** The content one read-ahead call asks for at most (the asked messages included; the first always comes). */
    static final long READ_AHEAD_BYTES = 256 * 1024;
    /** How many following messages of the view are looked at for read-ahead candidates. */
    static final int READ_AHEAD_SCAN = 4 * (READ_AHEAD_MESSAGES + 1);
    /** The most content a request answered without blocking (on the network thread) may return. */
    static final long NON_BLOCKING_BYTES = 256 * 1024;

    /** A call that would reach the store while answering without blocking: the command goes to the lane instead. */
    static final class WouldBlock extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WouldBlock(String call) {
            super(call, null, false, false);
        }
    }

    private final MailboxSessionListener store;
    private final MessageCache cache;
    /** The session's selected mailbox, or null: its flags for hits and its next messages for read-ahead. */
    private final Supplier<SelectedMailbox> view;
    private boolean nonBlocking;
    /** The last UID of the request that last read ahead, so the rest of the same FETCH does not read ahead again. */
    private long readAheadFor = -1;

    CachingMailboxSessionListener(MailboxSessionListener store, MessageCache cache, Supplier<SelectedMailbox> view) {
        this.store = store;
        this.cache = cache;
        this.view = view;
    }

    MessageCache cache() {
        return cache;
    }

    /**
     * While true, every call that would reach the store throws {@link WouldBlock} (before it has any effect); hits of
     * the cache still answer. For answering on the network thread.
     */
    void nonBlocking(boolean value) {
        nonBlocking = value;
    }

    private void mayBlock(String call) {
        if (nonBlocking) {
            throw new WouldBlock(call);
        }
    }

    // ---- FETCH of body sections: the cache

    @Override
    public List<FetchedMessage> fetchWithContent(AuthenticatedUser user, MailboxKey mailboxKey, UidSet uids,
            boolean withStructure, long maxBytes) throws MailboxException, IOException {
        SelectedMailbox mailbox = view.get();
        boolean usable = cache.enabled() && mailbox != null && mailbox.key().equals(mailboxKey);
        if (!usable) {
            mayBlock("fetchWithContent");
            return store.fetchWithContent(user, mailboxKey, uids, withStructure, maxBytes);
        }
        long[] asked = uids.stream().toArray();
        if (nonBlocking && asked.length > READ_AHEAD_TRIGGER) {
            throw new WouldBlock("fetchWithContent of " + asked.length + " messages");
        }
        MessageCache.Entry[] cached = new MessageCache.Entry[asked.length];
        long[] missing = new long[asked.length];
        int missingCount = 0;
        long cachedBytes = 0;
        for (int i = 0; i < asked.length; i++) {
            Optional<MessageCache.Entry> hit = cache.get(mailboxKey, asked[i], withStructure);
            if (hit.isPresent()) {
                cached[i] = hit.get();
                cachedBytes += cached[i].content().length;
            } else {
                missing[missingCount++] = asked[i];
            }
        }
        if (missingCount == 0) {
            if (nonBlocking && cachedBytes > NON_BLOCKING_BYTES) {
                throw new WouldBlock("fetchWithContent of " + cachedBytes + " bytes");
            }
            return hits(mailbox, asked, cached, Long.MAX_VALUE);
        }
        mayBlock("fetchWithContent");
        UidSet left = missingCount == asked.length ? uids : UidSet.of(Arrays.copyOf(missing, missingCount));
        UidSet request = left;
        long budget = maxBytes;
        long last = asked[asked.length - 1];
        if (asked.length <= READ_AHEAD_TRIGGER && readAheadFor != last) {
            readAheadFor = last;
            List<UidSet.Range> extra = readAheadUids(mailboxKey, mailbox, last);
            if (!extra.isEmpty()) {
                List<UidSet.Range> all = new ArrayList<>(left.ranges());
                all.addAll(extra);
                request = UidSet.ofRanges(all);
                budget = READ_AHEAD_BYTES;
            }
        }
        List<FetchedMessage> batch = store.fetchWithContent(user, mailboxKey, request, withStructure, budget);
        for (FetchedMessage m : batch) {
            MessageMetadata md = m.metadata();
            cache.put(mailboxKey, new MessageCache.Entry(md.uid(), md.internalDate(), md.size(), md.structure(),
                    m.content()));
        }
        // the store answered every missing UID up to the last it returned; hits go along up to the next miss left
        long answered = batch.isEmpty() ? Long.MAX_VALUE : batch.get(batch.size() - 1).metadata().uid();
        long nextMiss = Long.MAX_VALUE;
        for (int i = 0; i < missingCount; i++) {
            if (missing[i] > answered) {
                nextMiss = missing[i];
                break;
            }
        }
        if (batch.isEmpty()) {
            return hits(mailbox, asked, cached, nextMiss);
        }
        List<FetchedMessage> result = new ArrayList<>(asked.length);
        int b = 0;
        for (int i = 0; i < asked.length && asked[i] < nextMiss; i++) {
            if (cached[i] != null) {
                result.add(hit(mailbox, cached[i]));
                continue;
            }
            while (b < batch.size() && batch.get(b).metadata().uid() < asked[i]) {
                b++;
            }
            if (b < batch.size() && batch.get(b).metadata().uid() == asked[i]) {
                result.add(batch.get(b++));
            }
        }
        return result;
    }

    private static List<FetchedMessage> hits(SelectedMailbox mailbox, long[] asked, MessageCache.Entry[] cached,
            long below) {
        List<FetchedMessage> result = new ArrayList<>(asked.length);
        for (int i = 0; i < asked.length && asked[i] < below; i++) {
            if (cached[i] != null) {
                result.add(hit(mailbox, cached[i]));
            }
        }
        return result;
    }

    /** A cache hit as the store would return it, with the flags of the session's view; the content is not copied. */
    private static FetchedMessage hit(SelectedMailbox mailbox, MessageCache.Entry e) {
        return new FetchedMessage(new MessageMetadata(e.uid(), mailbox.flags(e.uid()), e.internalDate(), e.size(),
                e.structure()), e.content());
    }

    /**
     * The UIDs to read ahead after {@code last}: up to {@link #READ_AHEAD_MESSAGES} of the following messages of the
     * view that are not cached, among the next {@link #READ_AHEAD_SCAN}.
     */
    private List<UidSet.Range> readAheadUids(MailboxKey mailboxKey, SelectedMailbox mailbox, long last) {
        List<UidSet.Range> extra = new ArrayList<>();
        int from = mailbox.msn(last);
        if (from == 0) {
            return extra;
        }
        int to = Math.min(mailbox.exists(), from + READ_AHEAD_SCAN);
        for (int msn = from + 1; msn <= to && extra.size() < READ_AHEAD_MESSAGES; msn++) {
            long uid = mailbox.uid(msn);
            if (!cache.contains(mailboxKey, uid)) {
                extra.add(new UidSet.Range(uid, uid));
            }
        }
        return extra;
    }

    // ---- expunges drop their entries

    @Override
    public MailboxChanges changesSince(AuthenticatedUser user, MailboxKey mailboxKey, long modSeq, boolean readOnly)
            throws MailboxException, IOException {
        mayBlock("changesSince");
        MailboxChanges changes = store.changesSince(user, mailboxKey, modSeq, readOnly);
        for (long uid : changes.expunged()) {
            cache.remove(mailboxKey, uid);
        }
        return changes;
    }

    @Override
    public CopyResult move(AuthenticatedUser user, MailboxKey mailboxKey, UidSet uids, String target)
            throws MailboxException, IOException {
        mayBlock("move");
        CopyResult result = store.move(user, mailboxKey, uids, target);
        result.sourceUids().forEach(uid -> cache.remove(mailboxKey, uid));
        return result;
    }

    @Override
    public List<Long> expunge(AuthenticatedUser user, MailboxKey mailboxKey, Optional<UidSet> only)
            throws MailboxException, IOException {
        mayBlock("expunge");
        List<Long> expunged = store.expunge(user, mailboxKey, only);
        expunged.forEach(uid -> cache.remove(mailboxKey, uid));
        return expunged;
    }

    // ---- passed through

    @Override
    public AuthenticationResult authenticate(InetSocketAddress clientAddress, boolean tls, Credentials credentials) {
        mayBlock("authenticate");
        return store.authenticate(clientAddress, tls, credentials);
    }

    @Override
    public List<MailboxInfo> mailboxes(AuthenticatedUser user, String prefix) throws IOException {
        mayBlock("mailboxes");
        return store.mailboxes(user, prefix);
    }

    @Override
    public Set<String> subscriptions(AuthenticatedUser user) throws IOException {
        mayBlock("subscriptions");
        return store.subscriptions(user);
    }

    @Override
    public void subscribe(AuthenticatedUser user, String name, boolean subscribed)
            throws MailboxException, IOException {
        mayBlock("subscribe");
        store.subscribe(user, name, subscribed);
    }

    @Override
    public void create(AuthenticatedUser user, String name) throws MailboxException, IOException {
        mayBlock("create");
        store.create(user, name);
    }

    @Override
    public void delete(AuthenticatedUser user, String name) throws MailboxException, IOException {
        mayBlock("delete");
        store.delete(user, name);
    }

    @Override
    public void rename(AuthenticatedUser user, String from, String to) throws MailboxException, IOException {
        mayBlock("rename");
        store.rename(user, from, to);
    }

    @Override
    public MailboxStatus status(AuthenticatedUser user, String name) throws MailboxException, IOException {
        mayBlock("status");
        return store.status(user, name);
    }

    @Override
    public MailboxSnapshot select(AuthenticatedUser user, String name, boolean readOnly)
            throws MailboxException, IOException {
        mayBlock("select");
        return store.select(user, name, readOnly);
    }

    @Override
    public List<MessageMetadata> fetch(AuthenticatedUser user, MailboxKey mailboxKey, UidSet uids,
            boolean withStructure)
            throws MailboxException, IOException {
        mayBlock("fetch");
        return store.fetch(user, mailboxKey, uids, withStructure);
    }

    @Override
    public List<MessageMetadata> fetchEnvelopes(AuthenticatedUser user, MailboxKey mailboxKey, UidSet uids)
            throws MailboxException, IOException {
        mayBlock("fetchEnvelopes");
        return store.fetchEnvelopes(user, mailboxKey, uids);
    }

    @Override
    public Optional<InputStream> content(AuthenticatedUser user, MailboxKey mailboxKey, long uid)
            throws MailboxException, IOException {
        mayBlock("content");
        return store.content(user, mailboxKey, uid);
    }

    @Override
    public List<MessageFlags> store(AuthenticatedUser user, MailboxKey mailboxKey, UidSet uids, StoreMode mode,
            Set<String> flags) throws MailboxException, IOException {
        mayBlock("store");
        return store.store(user, mailboxKey, uids, mode, flags);
    }

    @Override
    public CopyResult copy(AuthenticatedUser user, MailboxKey mailboxKey, UidSet uids, String target)
            throws MailboxException, IOException {
        mayBlock("copy");
        return store.copy(user, mailboxKey, uids, target);
    }

    @Override
    public AppendResult append(AuthenticatedUser user, String name, Set<String> flags,
            Optional<OffsetDateTime> internalDate, byte[] content) throws MailboxException, IOException {
        mayBlock("append");
        return store.append(user, name, flags, internalDate, content);
    }

    @Override
    public AppendResult append(AuthenticatedUser user, String name, Set<String> flags,
            Optional<OffsetDateTime> internalDate, InputStream content, long size)
            throws MailboxException, IOException {
        mayBlock("append");
        return store.append(user, name, flags, internalDate, content, size);
    }

    @Override
    public UidSet search(AuthenticatedUser user, MailboxKey mailboxKey, SearchKey program)
            throws MailboxException, IOException {
        mayBlock("search");
        return store.search(user, mailboxKey, program);
    }
}
