package org.postroom.mailbox;

import org.postroom.connector.api.imap.MailboxKey;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.postroom.connector.api.imap.FetchedMessage;
import org.postroom.connector.api.imap.ImapFlags;
import org.postroom.connector.api.imap.MailboxChanges;
import org.postroom.connector.api.imap.MailboxException;
import org.postroom.connector.api.imap.MailboxException.Reason;
import org.postroom.connector.api.imap.MailboxSnapshot;
import org.postroom.connector.api.imap.MessageFlags;
import org.postroom.connector.api.imap.MessageMetadata;
import org.postroom.connector.api.imap.UidSet;
import org.postroom.connector.api.mime.MessageStructure;
import org.postroom.model.mime.StructureAnalyzer;
import org.postroom.store.Folder;
import org.postroom.store.MessageRepository;
import org.postroom.store.MessageRow;
import org.postroom.store.MessageStructureRecord;
import org.postroom.store.StructureRepository;

/**
 * Reads of the selected mailbox: SELECT and EXAMINE, the changes since a modification sequence, FETCH of metadata and
 * content. Only SELECT and a poll that claims \Recent lock the folder; the rest reads without locks (ADR 0018).
 */
public final class SelectedFolderReads {

    private static final Logger LOG = Logger.getLogger(SelectedFolderReads.class.getName());

    private final MailStoreRepositories repositories;
    private final MessageRepository messages;
    private final StructureRepository structures;
    private final MailboxLookup lookup;
    private final FolderViews views;

    SelectedFolderReads(MailStoreRepositories repositories, MailboxLookup lookup, FolderViews views) {
        this.repositories = repositories;
        this.messages = repositories.messages();
        this.structures = repositories.structures();
        this.lookup = lookup;
        this.views = views;
    }

    /**
     * SELECT (claims \Recent under the folder lock) or EXAMINE. The folder is read before its messages and messages
     * from later appends are left out, so {@link #changesSince} from the snapshot's modseq misses nothing.
     */
    public MailboxSnapshot select(String user, String name, boolean readOnly) throws MailboxException {
        Folder f = lookup.selectable(lookup.account(user), name, Reason.NONEXISTENT);
        long firstRecent;
        if (readOnly) {
            firstRecent = f.getFirstRecentUid();
        } else {
            f = repositories.folders().lock(f);
            firstRecent = f.claimRecentBelow(f.getUidNext(), 0);
        }
        List<MessageFlags> out = new ArrayList<>();
        Set<String> defined = new LinkedHashSet<>(ImapFlags.SYSTEM);
        if (readOnly) {
            for (MessageRow r : messages.rows(f, 1, f.getUidNext() - 1)) {
                Set<String> flags = FlagCodec.flags(r.systemFlags(), r.keywords());
                defined.addAll(flags);
                out.add(new MessageFlags(r.uid(), flags, r.uid() >= firstRecent));
            }
        } else { // under the folder lock: the cached view brought up to date
            FolderViews.View view = views.current(f, messages);
            for (int i = 0; i < view.size(); i++) {
                Set<String> flags = FlagCodec.sharedFlags(view.systemFlags()[i], view.keywords()[i]);
                if (view.keywords()[i] != null) {
                    defined.addAll(flags);
                }
                out.add(new MessageFlags(view.uids()[i], flags, view.uids()[i] >= firstRecent));
            }
        }
        return new MailboxSnapshot(f.mailboxKey(), f.getName(), f.getUidValidity(), f.getUidNext(),
                f.getHighestModSeq(), out, defined, FlagCodec.PERMANENT_FLAGS, readOnly);
    }

    public MailboxChanges changesSince(String user, MailboxKey mailboxKey, long modSeq, boolean readOnly)
            throws MailboxException {
        Folder f = lookup.byKey(user, mailboxKey);
        long highest = f.getHighestModSeq();
        List<MessageRow> rows = messages.rowsChangedSince(f, modSeq);
        List<Long> expunged = messages.expungedSince(f, modSeq);
        long firstRecent = f.getFirstRecentUid();
        long maxAdded = 0;
        for (MessageRow r : rows) {
            highest = Math.max(highest, r.modSeq());
            if (r.createdModSeq() > modSeq) {
                maxAdded = Math.max(maxAdded, r.uid());
            }
        }
        if (!readOnly && maxAdded >= firstRecent) {
            Folder locked = repositories.folders().lock(f);
            long bound = maxAdded + 1;
            // messages added since the rows were read stay recent; only then are they counted
            long stillRecent = bound >= locked.getUidNext() ? 0 : messages.countFrom(locked, bound);
            firstRecent = locked.claimRecentBelow(bound, stillRecent);
        }
        List<MessageFlags> added = new ArrayList<>();
        List<MessageFlags> flagsChanged = new ArrayList<>();
        for (MessageRow r : rows) {
            Set<String> flags = FlagCodec.flags(r.systemFlags(), r.keywords());
            if (r.createdModSeq() > modSeq) {
                added.add(new MessageFlags(r.uid(), flags, r.uid() >= firstRecent));
            } else {
                flagsChanged.add(MessageFlags.of(r.uid(), flags));
            }
        }
        return new MailboxChanges(highest, added, flagsChanged, expunged);
    }

    /** FETCH metadata: one query for the rows, one batch lookup for the structures. */
    public List<MessageMetadata> fetch(String user, MailboxKey mailboxKey, UidSet uids, boolean withStructure)
            throws MailboxException {
        Folder f = lookup.byKey(user, mailboxKey);
        List<MessageRow> rows = lookup.rows(f, uids);
        Map<Long, MessageStructure> byContent = withStructure ? structures(rows) : Map.of();
        List<MessageMetadata> out = new ArrayList<>(rows.size());
        for (MessageRow r : rows) {
            out.add(metadata(r, withStructure ? byContent.get(r.contentId()) : null));
        }
        return out;
    }

    /**
     * FETCH of ENVELOPE with metadata: one query for the rows and their stored ENVELOPE bytes (ADR 0076); only
     * messages whose content has none (stored by an earlier build and not backfilled) get their structure instead.
     */
    public List<MessageMetadata> fetchEnvelopes(String user, MailboxKey mailboxKey, UidSet uids)
            throws MailboxException {
        Folder f = lookup.byKey(user, mailboxKey);
        if (uids.isEmpty()) {
            return List.of();
        }
        List<UidSet.Range> ranges = uids.ranges();
        List<MessageRepository.EnvelopedRow> rows = messages.rowsWithEnvelopes(f, ranges.get(0).first(),
                ranges.get(ranges.size() - 1).last());
        if (ranges.size() > 1) {
            rows = rows.stream().filter(r -> uids.contains(r.row().uid())).toList();
        }
        List<MessageRow> without = rows.stream().filter(r -> r.envelope() == null)
                .map(MessageRepository.EnvelopedRow::row).toList();
        Map<Long, MessageStructure> byContent = without.isEmpty() ? Map.of() : structures(without);
        List<MessageMetadata> out = new ArrayList<>(rows.size());
        for (MessageRepository.EnvelopedRow r : rows) {
            MessageRow row = r.row();
            out.add(new MessageMetadata(row.uid(), FlagCodec.sharedFlags(row.systemFlags(), row.keywords()),
                    MailboxLookup.date(row.internalDate()), row.size(),
                    r.envelope() == null ? byContent.get(row.contentId()) : null, r.envelope()));
        }
        return out;
    }

    private static MessageMetadata metadata(MessageRow r, MessageStructure structure) {
        return new MessageMetadata(r.uid(), FlagCodec.sharedFlags(r.systemFlags(), r.keywords()),
                MailboxLookup.date(r.internalDate()), r.size(), structure);
    }

    /**
     * FETCH of body sections: the rows as {@link #fetch} reads them, then the content of as many as fit in
     * {@code maxBytes} (at least one) in one query. Messages expunged between the two queries are left out.
     */
    public List<FetchedMessage> fetchWithContent(String user, MailboxKey mailboxKey, UidSet uids, boolean withStructure,
            long maxBytes) throws MailboxException {
        Folder f = lookup.byKey(user, mailboxKey);
        List<MessageRow> rows = lookup.rows(f, uids);
        int n = 0;
        long bytes = 0;
        while (n < rows.size() && (n == 0 || bytes + rows.get(n).size() <= maxBytes)) {
            bytes += rows.get(n).size();
            n++;
        }
        rows = rows.subList(0, n);
        Map<Long, byte[]> contents = repositories.contents()
                .contentsById(rows.stream().map(MessageRow::contentId).toList());
        Map<Long, MessageStructure> byContent = withStructure ? structures(rows) : Map.of();
        List<FetchedMessage> out = new ArrayList<>(rows.size());
        for (MessageRow r : rows) {
            byte[] data = contents.get(r.contentId());
            if (data != null) {
                out.add(new FetchedMessage(metadata(r, withStructure ? byContent.get(r.contentId()) : null), data));
            }
        }
        return out;
    }

    /**
     * The stored structures of these rows' content; content stored before schema version 3 (or whose row cannot be
     * read) is analyzed now, and a missing row is stored for next time.
     */
    private Map<Long, MessageStructure> structures(List<MessageRow> rows) {
        Map<Long, MessageStructure> byContent = new HashMap<>();
        Map<Long, MessageStructureRecord> stored = structures.find(rows.stream().map(MessageRow::contentId).toList());
        Set<Long> missing = new LinkedHashSet<>();
        for (MessageRow r : rows) {
            MessageStructureRecord record = stored.get(r.contentId());
            if (record != null) {
                try {
                    byContent.put(r.contentId(), record.toStructure());
                    continue;
                } catch (IllegalArgumentException e) {
                    LOG.log(Level.WARNING, "Unreadable structure of content " + r.contentId() + "; analyzing again",
                            e);
                }
            }
            if (!byContent.containsKey(r.contentId())) {
                missing.add(r.contentId());
            }
        }
        if (!missing.isEmpty()) {
            repositories.contents().contentsById(missing).forEach((contentId, data) -> {
                MessageStructure structure = StructureAnalyzer.analyze(data);
                byContent.put(contentId, structure);
                if (!stored.containsKey(contentId)) {
                    structures.add(new MessageStructureRecord(contentId, structure));
                }
            });
        }
        return byContent;
    }

    public Optional<InputStream> content(String user, MailboxKey mailboxKey, long uid) throws MailboxException {
        Folder f = lookup.byKey(user, mailboxKey);
        List<MessageRow> row = messages.rows(f, uid, uid);
        return row.isEmpty()
                ? Optional.empty()
                : Optional.ofNullable(repositories.contents().contentsById(List.of(row.get(0).contentId())).get(
                        row.get(0).contentId())).map(ByteArrayInputStream::new);
    }
}
