package org.postroom.mailbox;

import org.postroom.connector.api.imap.MailboxKey;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.postroom.connector.api.imap.AppendResult;
import org.postroom.connector.api.imap.CopyResult;
import org.postroom.connector.api.imap.MailboxException;
import org.postroom.connector.api.imap.MailboxException.Reason;
import org.postroom.connector.api.imap.MessageFlags;
import org.postroom.connector.api.imap.StoreMode;
import org.postroom.connector.api.imap.UidSet;
import org.postroom.domain.Quota;
import org.postroom.domain.QuotaUsage;
import org.postroom.store.Account;
import org.postroom.store.Folder;
import org.postroom.store.MailMessage;
import org.postroom.store.MessageContent;
import org.postroom.store.MessageRow;

/**
 * Changes to messages: STORE, COPY and MOVE, EXPUNGE, APPEND, within the account's quota. Every change locks the folder
 * row first (several folders in id order: ADR 0022), advances its modification sequence, and reports the folder's
 * mailbox key to {@code changed}, which must publish only after the commit.
 */
public final class MessageMutations {

    /** Computes once per content what delivery computes: the envelope and the MIME structure (ADR 0012). */
    @FunctionalInterface
    public interface ContentAnalysis {
        void analyze(MessageContent content);
    }

    private final MailStoreRepositories repositories;
    private final MailboxLookup lookup;
    private final ContentAnalysis analysis;
    private final Consumer<MailboxKey> changed;

    MessageMutations(MailStoreRepositories repositories, MailboxLookup lookup, ContentAnalysis analysis,
            Consumer<MailboxKey> changed) {
        this.repositories = repositories;
        this.lookup = lookup;
        this.analysis = analysis;
        this.changed = changed;
    }

    /** STORE: one new modseq for the messages whose flags changed. */
    public List<MessageFlags> store(String user, MailboxKey mailboxKey, UidSet uids, StoreMode mode, Set<String> flags)
            throws MailboxException {
        Folder f = repositories.folders().lock(lookup.byKey(user, mailboxKey));
        List<MessageFlags> out = new ArrayList<>();
        if (uids.isEmpty()) {
            return out;
        }
        FlagCodec.Encoded given = FlagCodec.encode(flags);
        long modSeq = 0;
        List<UidSet.Range> ranges = uids.ranges();
        for (MailMessage m : repositories.messages().messages(f, ranges.get(0).first(),
                ranges.get(ranges.size() - 1).last())) {
            if (!uids.contains(m.getUid())) {
                continue;
            }
            int newBits = switch (mode) {
                case ADD -> m.getSystemFlags() | given.bits();
                case REMOVE -> m.getSystemFlags() & ~given.bits();
                case REPLACE -> given.bits();
            };
            String newKeywords = FlagCodec.keywords(mode, m.getKeywords(), given.keywords());
            if (newBits != m.getSystemFlags() || !Objects.equals(newKeywords, m.getKeywords())) {
                FlagCodec.checkLength(newKeywords);
                if (modSeq == 0) {
                    modSeq = f.nextModSeq();
                }
                if (((newBits ^ m.getSystemFlags()) & MailMessage.SEEN) != 0) {
                    f.seenChanged((newBits & MailMessage.SEEN) != 0);
                }
                m.setSystemFlags(newBits);
                m.setKeywords(newKeywords);
                m.setModSeq(modSeq);
            }
            out.add(MessageFlags.of(m.getUid(), FlagCodec.flags(m.getSystemFlags(), m.getKeywords())));
        }
        if (modSeq != 0) {
            changed.accept(f.mailboxKey());
        }
        return out;
    }

    public CopyResult copy(String user, MailboxKey mailboxKey, UidSet uids, String target) throws MailboxException {
        return copyOrMove(user, mailboxKey, uids, target, false);
    }

    /** MOVE: copy and expunge the sources in this one transaction. */
    public CopyResult move(String user, MailboxKey mailboxKey, UidSet uids, String target) throws MailboxException {
        return copyOrMove(user, mailboxKey, uids, target, true);
    }

    private CopyResult copyOrMove(String user, MailboxKey mailboxKey, UidSet uids, String target, boolean move)
            throws MailboxException {
        Account account = lookup.account(user);
        Folder source = lookup.byKey(account, mailboxKey);
        Folder destination = lookup.selectable(account, target, Reason.TRY_CREATE);
        // lock both folders in id order, so concurrent moves in opposite directions cannot deadlock
        boolean sourceFirst = source.getId() <= destination.getId();
        Folder first = repositories.folders().lock(sourceFirst ? source : destination);
        Folder second = repositories.folders().lock(sourceFirst ? destination : source);
        source = sourceFirst ? first : second;
        destination = sourceFirst ? second : first;
        List<MessageRow> rows = lookup.rows(source, uids);
        if (!move) {
            admit(account, rows.stream().mapToLong(MessageRow::size).toArray());
        }
        return move ? moveRows(source, rows, destination) : copyRows(rows, destination);
    }

    private CopyResult copyRows(List<MessageRow> rows, Folder destination) {
        List<Long> from = new ArrayList<>();
        List<Long> to = new ArrayList<>();
        for (MessageRow r : rows) {
            from.add(r.uid());
            to.add(repositories.messages().copy(destination, r).getUid());
        }
        if (!rows.isEmpty()) {
            changed.accept(destination.mailboxKey());
        }
        return new CopyResult(destination.getUidValidity(), from, to);
    }

    /** Moves rows between two folders this transaction has locked (MOVE, and RENAME of INBOX). */
    CopyResult moveRows(Folder source, List<MessageRow> rows, Folder destination) {
        CopyResult result = copyRows(rows, destination);
        if (!rows.isEmpty()) {
            repositories.messages().remove(source, rows.stream().map(MessageRow::id).toList());
            changed.accept(source.mailboxKey());
        }
        return result;
    }

    /** EXPUNGE and UID EXPUNGE: removes the \Deleted messages. */
    public List<Long> expunge(String user, MailboxKey mailboxKey, Optional<UidSet> only) throws MailboxException {
        Folder f = repositories.folders().lock(lookup.byKey(user, mailboxKey));
        List<MessageRow> deleted = repositories.messages().rowsWithFlag(f, MailMessage.DELETED).stream()
                .filter(r -> only.map(u -> u.contains(r.uid())).orElse(true))
                .toList();
        if (deleted.isEmpty()) {
            return List.of();
        }
        repositories.messages().remove(f, deleted.stream().map(MessageRow::id).toList());
        changed.accept(f.mailboxKey());
        return deleted.stream().map(MessageRow::uid).toList();
    }

    /**
     * APPEND: stores the content, computes its envelope and structure as delivery does, and appends it within the
     * quota. The message is durable when the caller's transaction commits.
     */
    public AppendResult append(String user, String name, Set<String> flags, Optional<OffsetDateTime> internalDate,
            byte[] content) throws MailboxException {
        Account account = lookup.account(user);
        Folder folder = lookup.selectable(account, name, Reason.TRY_CREATE);
        admit(account, new long[]{content.length});
        FlagCodec.Encoded given = FlagCodec.encode(flags);
        String keywordText = FlagCodec.keywords(StoreMode.ADD, null, given.keywords());
        FlagCodec.checkLength(keywordText);
        MessageContent stored = repositories.contents().storeContent(content);
        analysis.analyze(stored);
        MailMessage message = repositories.messages().append(folder, stored,
                internalDate.map(OffsetDateTime::toInstant).orElseGet(Instant::now), given.bits()); // counted there
        message.setKeywords(keywordText);
        changed.accept(message.getFolder().mailboxKey());
        return new AppendResult(message.getFolder().getUidValidity(), message.getUid());
    }

    /** Quota admission of messages of these sizes, one after the other (COPY, APPEND). */
    private void admit(Account account, long[] sizes) throws MailboxException {
        Quota quota = new Quota(account.getQuotaMaxBytes(), account.getQuotaMaxMessages());
        if (quota.isUnlimited() || sizes.length == 0) {
            return;
        }
        QuotaUsage usage = repositories.accounts().usage(account);
        for (long size : sizes) {
            if (!quota.admits(usage, size)) {
                throw new MailboxException(Reason.OVER_QUOTA, "Quota exceeded");
            }
            usage = new QuotaUsage(usage.bytes() + size, usage.messages() + 1);
        }
    }
}
