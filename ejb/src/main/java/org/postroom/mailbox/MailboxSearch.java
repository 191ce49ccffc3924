package org.postroom.mailbox;

import org.postroom.connector.api.imap.MailboxKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.postroom.connector.api.imap.MailboxException;
import org.postroom.model.search.SearchEvaluator;
import org.postroom.connector.api.imap.SearchKey;
import org.postroom.model.search.SearchableMessage;
import org.postroom.connector.api.imap.UidSet;
import org.postroom.store.Folder;
import org.postroom.store.MessageRepository;
import org.postroom.store.MessageRow;

/**
 * SEARCH: the indexed keys in the query ({@link MessageRepository#searchCandidates}, with the program translated by
 * {@link SearchTranslation}; header keys narrowed there by the stored search texts), header keys decided on those
 * texts ({@link HeaderFieldSearch}, ADR 0077), the rest with {@link SearchEvaluator}, loading content in batches and
 * only for the messages still undecided (BODY, TEXT, other header names, content of an earlier build).
 */
public final class MailboxSearch {

    /** Messages whose content SEARCH loads at once. */
    private static final int CONTENT_BATCH = 100;
    /**
     * At most this many octets of content loaded at once (issue 14: 100 messages of the size limit were 5 GB); a
     * message larger than this is a batch of its own.
     */
    static final long CONTENT_BATCH_BYTES = 8L * 1024 * 1024;

    private final MailStoreRepositories repositories;
    private final MailboxLookup lookup;

    MailboxSearch(MailStoreRepositories repositories, MailboxLookup lookup) {
        this.repositories = repositories;
        this.lookup = lookup;
    }

    public UidSet search(String user, MailboxKey mailboxKey, SearchKey program) throws MailboxException {
        Folder f = lookup.byKey(user, mailboxKey);
        MessageRepository.SearchCandidates candidates = repositories.messages()
                .searchCandidates(f, SearchTranslation.criteria(program));
        if (candidates.exact()) {
            return UidSet.of(candidates.rows().stream().map(MessageRow::uid).toList());
        }
        boolean needsContent = SearchEvaluator.needsContent(program);
        List<MessageRow> rows = candidates.rows();
        List<Long> found = new ArrayList<>();
        if (needsContent && candidates.texts() != null) {
            // header keys from the stored search texts (ADR 0077); the content decides the rest
            List<MessageRow> undecided = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                MessageRow r = rows.get(i);
                SearchableMessage m = searchable(r, () -> {
                    throw new IllegalStateException("decided without content");
                });
                Optional<Boolean> decided = HeaderFieldSearch.decide(program, m, candidates.texts().get(i));
                if (decided.isEmpty()) {
                    undecided.add(r);
                } else if (decided.get()) {
                    found.add(r.uid());
                }
            }
            rows = undecided;
        }
        for (List<MessageRow> batch : batches(rows, CONTENT_BATCH, CONTENT_BATCH_BYTES)) {
            Map<Long, byte[]> contents = needsContent
                    ? repositories.contents().contentsById(batch.stream().map(MessageRow::contentId).toList())
                    : Map.of();
            for (MessageRow r : batch) {
                byte[] data = contents.getOrDefault(r.contentId(), new byte[0]);
                if (SearchEvaluator.matches(program, searchable(r, () -> data))) {
                    found.add(r.uid());
                }
            }
        }
        found.sort(null);
        return UidSet.of(found);
    }

    /**
     * {@code rows} in order, cut into batches of at most {@code maxCount} messages and {@code maxBytes} octets of
     * content (a message larger than that alone).
     */
    static List<List<MessageRow>> batches(List<MessageRow> rows, int maxCount, long maxBytes) {
        List<List<MessageRow>> batches = new java.util.ArrayList<>();
        int start = 0;
        long bytes = 0;
        for (int i = 0; i < rows.size(); i++) {
            long size = rows.get(i).size();
            if (i > start && (i - start == maxCount || bytes + size > maxBytes)) {
                batches.add(rows.subList(start, i));
                start = i;
                bytes = 0;
            }
            bytes += size;
        }
        if (start < rows.size()) {
            batches.add(rows.subList(start, rows.size()));
        }
        return batches;
    }

    private static SearchableMessage searchable(MessageRow r, Supplier<byte[]> content) {
        return new SearchableMessage(r.uid(), FlagCodec.flags(r.systemFlags(), r.keywords()),
                MailboxLookup.date(r.internalDate()), r.size(), content);
    }
}
