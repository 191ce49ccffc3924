package org.postroom.protocol.imap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
 * org.postroom.connector.api.imap.MailboxSessionListener#fetch} call for the whole set ({@link
 * org.postroom.connector.api.imap.MailboxSessionListener#fetchEnvelopes} when ENVELOPE is all it needs of the
 * structure: the store's ENVELOPE bytes are copied, ADR 0076); with them, {@link
 * org.postroom.connector.api.imap.MailboxSessionListener#fetchWithContent} for the whole set, again for the UIDs after
 * the last one returned until none is left. The session's listener is the {@link CachingMailboxSessionListener}, which
 * answers cached messages with the flags of the view and reads ahead (ADR 0020, ADR 0032): this command has one code
 * path, on the lane and on the network thread alike. Items that set \Seen do so first, in one store call, and the
 * new FLAGS are then included in the response. Responses come in ascending UID order. UID FETCH always includes UID,
 * first.
 */
final class FetchCommand implements ImapCommand {

    /** Content asked of the store per call (at least one message): one call for a single message's BODY[]. */
    static final long CONTENT_BATCH_BYTES = 4 << 20;

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
        byte[][] names = names(items);
        if (!request.needs(FetchItem::needsContent)) {
            // ENVELOPE alone (of what needs the structure): the store's ENVELOPE in the form it is sent (ADR 0076)
            boolean envelopesOnly = structure
                    && request.items().stream()
                            .noneMatch(i -> i.needsStructure() && i.kind() != FetchItem.Kind.ENVELOPE);
            List<MessageMetadata> metadata = envelopesOnly
                    ? session.listener().fetchEnvelopes(session.authenticatedUser(), mailbox.key(), uids)
                    : session.listener().fetch(session.authenticatedUser(), mailbox.key(), uids, structure);
            for (MessageMetadata m : metadata) {
                respond(session.out(), mailbox, items, names, m, null, seenNow);
                session.flushIfLarge();
            }
        } else {
            for (UidSet left = uids; !left.isEmpty();) {
                List<FetchedMessage> batch = session.listener().fetchWithContent(session.authenticatedUser(),
                        mailbox.key(), left, structure, CONTENT_BATCH_BYTES);
                if (batch.isEmpty()) {
                    break;
                }
                for (FetchedMessage m : batch) {
                    respond(session.out(), mailbox, items, names, m.metadata(), m.content(), seenNow);
                    session.flushIfLarge();
                }
                left = left.above(batch.get(batch.size() - 1).metadata().uid());
            }
        }
        session.ok(call.tag(), call.name() + " completed");
    }

    private static byte[][] names(List<FetchItem> items) {
        byte[][] names = new byte[items.size()][];
        for (int i = 0; i < names.length; i++) {
            names[i] = (items.get(i).responseName() + " ").getBytes(StandardCharsets.US_ASCII);
        }
        return names;
    }

    /**
     * One untagged FETCH response; {@code content} is {@code null} when no item needs it. The view takes the flags in
     * {@code m} (a cache hit carries the view's own, which changes nothing), and a change is shown with content.
     */
    private static void respond(ResponseWriter out, SelectedMailbox mailbox, List<FetchItem> items, byte[][] names,
            MessageMetadata m, byte[] content, Set<Long> seenNow) {
        int msn = mailbox.msn(m.uid());
        if (msn == 0) {
            return;
        }
        boolean flagsChanged = mailbox.updateFlags(m.uid(), m.flags());
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
                if (m.envelope() != null) {
                    out.bytes(m.envelope());
                } else if (m.structure() == null) {
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
