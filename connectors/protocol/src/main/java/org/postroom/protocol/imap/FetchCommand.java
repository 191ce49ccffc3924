package org.postroom.protocol.imap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.postroom.connector.api.imap.FetchedMessage;
import org.postroom.connector.api.imap.ImapFlags;
import org.postroom.connector.api.imap.MailboxException;
import org.postroom.connector.api.imap.MessageFlags;
import org.postroom.connector.api.imap.MessageMetadata;
import org.postroom.connector.api.imap.StoreMode;
import org.postroom.connector.api.imap.UidSet;

/**
 * FETCH and UID FETCH (RFC 3501 section 6.4.5). Without body sections, one {@link
 * org.postroom.connector.api.imap.MailboxSessionListener#fetch} call for the whole set. With them, the messages the
 * server's {@link MessageCache} holds are answered from it, with the flags of the session's view, and the others are
 * read with {@link org.postroom.connector.api.imap.MailboxSessionListener#fetchWithContent} (several per call) and
 * cached; when only a few messages are asked, the same call reads ahead the next ones of the view into the cache, so
 * a client reading one message after the other pays one store call per {@value #READ_AHEAD_MESSAGES} or so (ADR
 * 0020). Items that set \Seen do so first, in one store call, and the new FLAGS are then included in the response.
 * Responses come in ascending UID order. UID FETCH always includes UID, first.
 */
final class FetchCommand implements ImapCommand {

    /** Content asked of the store per call (at least one message): one call for a single message's BODY[]. */
    static final long CONTENT_BATCH_BYTES = 4 << 20;
    /** Read ahead when a FETCH with content asks for at most this many messages and some are not cached. */
    static final int READ_AHEAD_TRIGGER = 4;
    /** The most messages read ahead beyond those asked. */
    static final int READ_AHEAD_MESSAGES = 31;
    /** The content one read-ahead call asks for at most (the asked messages included; the first always comes). */
    static final long READ_AHEAD_BYTES = 256 * 1024;
    /** How many following messages of the view are looked at for read-ahead candidates. */
    static final int READ_AHEAD_SCAN = 4 * (READ_AHEAD_MESSAGES + 1);

    /** The most content a FETCH answered without blocking (on the network thread) may return. */
    static final long NON_BLOCKING_BYTES = 256 * 1024;

    /** A parsed FETCH: its items (UID first for UID FETCH) and the UIDs it names. */
    private record Request(List<FetchItem> items, UidSet uids) {

        boolean needs(Predicate<FetchItem> what) {
            return items.stream().anyMatch(what);
        }
    }

    private static Request parse(ImapSession session, Invocation call) throws ImapSyntaxException {
        ImapParser p = call.args();
        p.space();
        SequenceSet set = p.sequenceSet();
        p.space();
        List<FetchItem> items = new ArrayList<>(FetchParser.items(p));
        p.end();
        if (call.uid() && items.stream().noneMatch(i -> i.kind() == FetchItem.Kind.UID)) {
            items.add(0, FetchItem.simple(FetchItem.Kind.UID));
        }
        return new Request(items, session.selected().resolve(set, call.uid()));
    }

    @Override
    public void execute(ImapSession session, Invocation call)
            throws ImapSyntaxException, MailboxException, IOException {
        Request request = parse(session, call);
        List<FetchItem> items = request.items();
        UidSet uids = request.uids();
        SelectedMailbox mailbox = session.selected();
        if (uids.isEmpty()) {
            session.ok(call.tag(), call.name() + " completed");
            return;
        }
        Set<Long> seenNow = markSeen(session, mailbox, uids, items);
        boolean structure = request.needs(FetchItem::needsStructure);
        boolean content = request.needs(FetchItem::needsContent);
        byte[][] names = names(items);
        if (!content) {
            for (MessageMetadata m : session.listener().fetch(session.authenticatedUser(), mailbox.key(), uids,
                    structure)) {
                respond(session.out(), mailbox, items, names, m, null, seenNow, true);
                session.flushIfLarge();
            }
        } else {
            fetchWithContent(session, mailbox, uids, items, names, structure, seenNow);
        }
        session.ok(call.tag(), call.name() + " completed");
    }

    /**
     * Answers the command from the message cache alone, without any listener call, when it can: body sections of at
     * most {@link #READ_AHEAD_TRIGGER} messages, all cached, at most {@link #NON_BLOCKING_BYTES} of content, no
     * \Seen to set. Otherwise writes nothing, changes nothing and returns false (the command then runs as usual).
     * Used on the network thread (ADR 0020).
     *
     * @throws ImapSyntaxException a command the usual path answers with BAD (nothing was written)
     */
    static boolean executeFromCache(ImapSession session, Invocation call) throws ImapSyntaxException {
        Request request = parse(session, call);
        List<FetchItem> items = request.items();
        UidSet uids = request.uids();
        SelectedMailbox mailbox = session.selected();
        if (uids.isEmpty() || uids.size() > READ_AHEAD_TRIGGER || !request.needs(FetchItem::needsContent)) {
            return false;
        }
        boolean setsSeen = !mailbox.readOnly() && request.needs(FetchItem::setsSeen);
        boolean structure = request.needs(FetchItem::needsStructure);
        long[] asked = uids.stream().toArray();
        MessageCache.Entry[] cached = new MessageCache.Entry[asked.length];
        long bytes = 0;
        for (int i = 0; i < asked.length; i++) {
            if (setsSeen && !mailbox.flags(asked[i]).contains(ImapFlags.SEEN)) {
                return false;
            }
            cached[i] = session.messageCache().get(mailbox.key(), asked[i], structure);
            if (cached[i] == null) {
                return false;
            }
            bytes += cached[i].content().length;
            if (bytes > NON_BLOCKING_BYTES) {
                return false;
            }
        }
        byte[][] names = names(items);
        for (int i = 0; i < asked.length; i++) {
            respondCached(session.out(), mailbox, items, names, cached[i], Set.of());
        }
        session.ok(call.tag(), call.name() + " completed");
        return true;
    }

    private static byte[][] names(List<FetchItem> items) {
        byte[][] names = new byte[items.size()][];
        for (int i = 0; i < names.length; i++) {
            names[i] = (items.get(i).responseName() + " ").getBytes(StandardCharsets.US_ASCII);
        }
        return names;
    }

    /** A cache hit: the flags are those of the view. */
    private static void respondCached(ResponseWriter out, SelectedMailbox mailbox, List<FetchItem> items,
            byte[][] names, MessageCache.Entry e, Set<Long> seenNow) {
        respond(out, mailbox, items, names, new MessageMetadata(e.uid(), mailbox.flags(e.uid()), e.internalDate(),
                e.size(), e.structure()), e.content(), seenNow, false);
    }

    /**
     * Answers each asked message in ascending UID order: a cached one from the cache, the others from store calls
     * made as the walk reaches them (each call asks for all the missing ones left; the store returns as many as fit
     * in its byte budget). A missing message the store no longer has is left out.
     */
    private static void fetchWithContent(ImapSession session, SelectedMailbox mailbox, UidSet uids,
            List<FetchItem> items, byte[][] names, boolean structure, Set<Long> seenNow)
            throws MailboxException, IOException {
        MessageCache cache = session.messageCache();
        String key = mailbox.key();
        ResponseWriter out = session.out();
        long[] asked = uids.stream().toArray();
        MessageCache.Entry[] cached = new MessageCache.Entry[asked.length];
        long[] missing = new long[asked.length];
        int missingCount = 0;
        for (int i = 0; i < asked.length; i++) {
            cached[i] = cache.get(key, asked[i], structure);
            if (cached[i] == null) {
                missing[missingCount++] = asked[i];
            }
        }
        UidSet left = missingCount == asked.length ? uids : UidSet.of(Arrays.copyOf(missing, missingCount));
        boolean readAhead = cache.enabled() && asked.length <= READ_AHEAD_TRIGGER;
        Map<Long, FetchedMessage> fetched = new HashMap<>();
        long answeredUpTo = 0;
        for (int i = 0; i < asked.length; i++) {
            long uid = asked[i];
            if (cached[i] != null) {
                respondCached(out, mailbox, items, names, cached[i], seenNow);
                session.flushIfLarge();
                continue;
            }
            if (uid > answeredUpTo && !left.isEmpty()) {
                fetched.clear();
                UidSet request = left;
                long maxBytes = CONTENT_BATCH_BYTES;
                if (readAhead) {
                    readAhead = false;
                    List<UidSet.Range> extra = readAheadUids(cache, mailbox, asked[asked.length - 1]);
                    if (!extra.isEmpty()) {
                        List<UidSet.Range> all = new ArrayList<>(left.ranges());
                        all.addAll(extra);
                        request = UidSet.ofRanges(all);
                        maxBytes = READ_AHEAD_BYTES;
                    }
                }
                List<FetchedMessage> batch = session.listener().fetchWithContent(session.authenticatedUser(), key,
                        request, structure, maxBytes);
                if (batch.isEmpty()) {
                    answeredUpTo = Long.MAX_VALUE;
                    left = UidSet.EMPTY;
                } else {
                    for (FetchedMessage m : batch) {
                        MessageMetadata md = m.metadata();
                        cache.put(key, new MessageCache.Entry(md.uid(), md.internalDate(), md.size(), md.structure(),
                                m.content()));
                        if (left.contains(md.uid())) {
                            fetched.put(md.uid(), m);
                        }
                    }
                    answeredUpTo = batch.get(batch.size() - 1).metadata().uid();
                    left = left.above(answeredUpTo);
                }
            }
            FetchedMessage m = fetched.remove(uid);
            if (m != null) {
                respond(out, mailbox, items, names, m.metadata(), m.content(), seenNow, true);
                session.flushIfLarge();
            }
        }
    }

    /**
     * The UIDs to read ahead after {@code last}: up to {@link #READ_AHEAD_MESSAGES} of the following messages of the
     * view that are not cached, among the next {@link #READ_AHEAD_SCAN}.
     */
    private static List<UidSet.Range> readAheadUids(MessageCache cache, SelectedMailbox mailbox, long last) {
        List<UidSet.Range> extra = new ArrayList<>();
        int from = mailbox.msn(last);
        if (from == 0) {
            return extra;
        }
        int to = Math.min(mailbox.exists(), from + READ_AHEAD_SCAN);
        for (int msn = from + 1; msn <= to && extra.size() < READ_AHEAD_MESSAGES; msn++) {
            long uid = mailbox.uid(msn);
            if (!cache.contains(mailbox.key(), uid)) {
                extra.add(new UidSet.Range(uid, uid));
            }
        }
        return extra;
    }

    /**
     * One untagged FETCH response; {@code content} is {@code null} when no item needs it. With {@code fromStore} the
     * flags in {@code m} are the store's: the view takes them, and a change is shown with content; otherwise they are
     * the view's own (a cache hit).
     */
    private static void respond(ResponseWriter out, SelectedMailbox mailbox, List<FetchItem> items, byte[][] names,
            MessageMetadata m, byte[] content, Set<Long> seenNow, boolean fromStore) {
        int msn = mailbox.msn(m.uid());
        if (msn == 0) {
            return;
        }
        boolean flagsChanged = fromStore && mailbox.updateFlags(m.uid(), m.flags());
        mailbox.announceNewKeywords(out);
        out.raw("* ").number(msn).raw(" FETCH (");
        boolean first = true;
        boolean flagsWritten = false;
        for (int i = 0; i < names.length; i++) {
            FetchItem item = items.get(i);
            if (!first) {
                out.sp();
            }
            first = false;
            flagsWritten |= item.kind() == FetchItem.Kind.FLAGS;
            out.bytes(names[i]);
            write(out, item, m, content, mailbox);
        }
        if (!flagsWritten && (seenNow.contains(m.uid()) || (flagsChanged && content != null))) {
            out.raw(" FLAGS ").flags(m.flags(), mailbox.isRecent(m.uid()));
        }
        out.raw(")").crlf();
    }

    /**
     * Sets \Seen where fetching these items implies it (not in a read-only mailbox); the view takes the new flags
     * (a cache hit shows them). Returns the UIDs that changed.
     */
    private static Set<Long> markSeen(ImapSession session, SelectedMailbox mailbox, UidSet uids,
            List<FetchItem> items) throws MailboxException, IOException {
        Set<Long> changed = new HashSet<>();
        if (mailbox.readOnly() || items.stream().noneMatch(FetchItem::setsSeen)) {
            return changed;
        }
        List<Long> unseen = new ArrayList<>();
        uids.stream().filter(uid -> !mailbox.flags(uid).contains(ImapFlags.SEEN)).forEach(unseen::add);
        if (unseen.isEmpty()) {
            return changed;
        }
        for (MessageFlags m : session.listener().store(session.authenticatedUser(), mailbox.key(), UidSet.of(unseen),
                StoreMode.ADD, Set.of(ImapFlags.SEEN))) {
            changed.add(m.uid());
            mailbox.updateFlags(m.uid(), m.flags());
        }
        return changed;
    }

    private static void write(ResponseWriter out, FetchItem item, MessageMetadata m, byte[] content,
            SelectedMailbox mailbox) {
        switch (item.kind()) {
            case UID -> out.number(m.uid());
            case FLAGS -> out.flags(m.flags(), mailbox.isRecent(m.uid()));
            case INTERNALDATE -> out.date(m.internalDate());
            case RFC822_SIZE -> out.number(m.size());
            case ENVELOPE -> {
                if (m.structure() == null) {
                    out.raw("NIL");
                } else {
                    StructureEncoder.envelope(out, m.structure().envelope());
                }
            }
            case BODY, BODYSTRUCTURE -> {
                if (m.structure() == null) {
                    out.raw("NIL");
                } else {
                    StructureEncoder.body(out, m.structure().body(), item.kind() == FetchItem.Kind.BODYSTRUCTURE);
                }
            }
            case RFC822 -> out.literal(content);
            case RFC822_HEADER -> out.literal(section(content, m, FetchItem.Text.HEADER));
            case RFC822_TEXT -> out.literal(section(content, m, FetchItem.Text.TEXT));
            case BODY_SECTION -> {
                Optional<byte[]> slice = SectionSlicer.slice(content, m.structure(), item.section());
                if (slice.isEmpty()) {
                    out.raw("NIL");
                } else if (item.origin() >= 0) {
                    out.literal(SectionSlicer.partial(slice.get(), item.origin(), item.count()));
                } else {
                    out.literal(slice.get());
                }
            }
            default -> throw new IllegalStateException("unknown item " + item);
        }
    }

    private static byte[] section(byte[] content, MessageMetadata m, FetchItem.Text text) {
        return SectionSlicer.slice(content, m.structure(), new FetchItem.Section(List.of(), text, List.of()))
                .orElse(new byte[0]);
    }
}
