package org.postroom.mailbox;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.postroom.connector.api.imap.ImapFlags;
import org.postroom.connector.api.imap.SearchKey;
import org.postroom.connector.api.imap.UidSet;
import org.postroom.model.search.HeaderSearchText;
import org.postroom.model.search.SearchEvaluator;
import org.postroom.store.MessageCriteria;

/**
 * An IMAP SEARCH program in the store's words ({@link MessageCriteria}): system flags as bits, UID sets as ranges,
 * internal dates as instants (UTC calendar days, as the store shows internal dates), sizes; a header key on FROM, TO,
 * CC, BCC or SUBJECT as a {@link MessageCriteria.HeaderText} that narrows by the stored search texts (ADR 0077), which
 * {@link HeaderFieldSearch} then decides on. Other header, body, text, sent-date and keyword keys become {@link
 * MessageCriteria.Unindexed}: {@code SearchEvaluator} decides them.
 */
public final class SearchTranslation {

    private SearchTranslation() {
    }

    public static MessageCriteria criteria(SearchKey key) {
        if (key instanceof SearchKey.All) {
            return new MessageCriteria.All();
        } else if (key instanceof SearchKey.And and) {
            List<MessageCriteria> parts = new ArrayList<>();
            and.keys().forEach(k -> parts.add(criteria(k)));
            return new MessageCriteria.And(parts);
        } else if (key instanceof SearchKey.Or or) {
            return new MessageCriteria.Or(criteria(or.left()), criteria(or.right()));
        } else if (key instanceof SearchKey.Not not) {
            return new MessageCriteria.Not(criteria(not.key()));
        } else if (key instanceof SearchKey.Flag flag) {
            int bit = FlagCodec.bit(ImapFlags.canonical(flag.flag()).orElse(""));
            // a keyword: space-separated column, matched case-insensitively in Java
            return bit == 0 ? new MessageCriteria.Unindexed() : new MessageCriteria.FlagBit(bit, flag.set());
        } else if (key instanceof SearchKey.Uids uids) {
            List<MessageCriteria.UidRange> ranges = new ArrayList<>();
            for (UidSet.Range r : uids.uids().ranges()) {
                ranges.add(new MessageCriteria.UidRange(r.first(), r.last()));
            }
            return new MessageCriteria.Uids(ranges);
        } else if (key instanceof SearchKey.InternalDate date) {
            Instant start = day(date.date());
            Instant next = day(date.date().plusDays(1));
            return switch (date.comparison()) {
                case BEFORE -> new MessageCriteria.ReceivedBefore(start);
                case ON -> new MessageCriteria.And(List.of(new MessageCriteria.ReceivedSince(start),
                        new MessageCriteria.ReceivedBefore(next)));
                case SINCE -> new MessageCriteria.ReceivedSince(start);
            };
        } else if (key instanceof SearchKey.Header header && SearchEvaluator.isSingleField(header.field())) {
            // the stored search text of the field narrows in the query (ADR 0077)
            Optional<String> needle = HeaderSearchText.needle(header.value());
            if (needle.isPresent()) {
                return new MessageCriteria.HeaderText(header.field().toLowerCase(Locale.ROOT), needle.get());
            }
            return new MessageCriteria.Unindexed();
        } else if (key instanceof SearchKey.Size size) {
            return size.comparison() == SearchKey.SizeComparison.LARGER
                    ? new MessageCriteria.LargerThan(size.octets())
                    : new MessageCriteria.SmallerThan(size.octets());
        }
        return new MessageCriteria.Unindexed();
    }

    private static Instant day(LocalDate date) {
        return date.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
