package org.postroom.mailbox;

import java.util.Optional;

import org.postroom.model.search.SearchEvaluator;
import org.postroom.connector.api.imap.SearchKey;
import org.postroom.model.search.SearchableMessage;
import org.postroom.store.StoredHeaderFields;

/**
 * Decides a SEARCH program for one message from its metadata and its stored envelope where that gives the same answer
 * as {@link SearchEvaluator} on the content (ADR 0018), and says "unknown" otherwise: then the content decides.
 *
 * <p>
 * A header key on FROM, TO, CC, BCC or SUBJECT ({@link SearchEvaluator#SINGLE_FIELDS}) is decided by the stored value
 * when that value is printable US-ASCII without an encoded-word ({@code =?}) and shorter than the cut
 * ({@link StoredHeaderFields#WHOLE}): decoding is then the identity, and the match is the evaluator's
 * ({@link SearchEvaluator#headerMatches}: the text, or for an address field also its parsed addresses, ADR 0024) on the
 * same value. An absent value
 * means the header has no such field. Keys that need no content (flags, UIDs, dates, sizes) are decided by the
 * evaluator itself; BODY, TEXT, SENT* and other header names are unknown.
 */
final class HeaderFieldSearch {

    private HeaderFieldSearch() {
    }

    /** Whether {@code key} uses a header the envelope holds (otherwise the envelope cannot help). */
    static boolean usesHeaderFields(SearchKey key) {
        if (key instanceof SearchKey.And and) {
            return and.keys().stream().anyMatch(HeaderFieldSearch::usesHeaderFields);
        } else if (key instanceof SearchKey.Or or) {
            return usesHeaderFields(or.left()) || usesHeaderFields(or.right());
        } else if (key instanceof SearchKey.Not not) {
            return usesHeaderFields(not.key());
        }
        return key instanceof SearchKey.Header h && SearchEvaluator.isSingleField(h.field());
    }

    /**
     * @param metadata the message without content (its content supplier is never called)
     * @param envelope its stored envelope, or {@code null} when it has none
     * @return the answer, or empty when the content must decide
     */
    static Optional<Boolean> decide(SearchKey key, SearchableMessage metadata, StoredHeaderFields envelope) {
        if (key instanceof SearchKey.And and) {
            boolean unknown = false;
            for (SearchKey k : and.keys()) {
                Optional<Boolean> r = decide(k, metadata, envelope);
                if (r.isEmpty()) {
                    unknown = true;
                } else if (!r.get()) {
                    return r;
                }
            }
            return unknown ? Optional.empty() : Optional.of(true);
        } else if (key instanceof SearchKey.Or or) {
            Optional<Boolean> left = decide(or.left(), metadata, envelope);
            if (left.isPresent() && left.get()) {
                return left;
            }
            Optional<Boolean> right = decide(or.right(), metadata, envelope);
            if (right.isPresent() && right.get()) {
                return right;
            }
            return left.isPresent() && right.isPresent() ? Optional.of(false) : Optional.empty();
        } else if (key instanceof SearchKey.Not not) {
            return decide(not.key(), metadata, envelope).map(b -> !b);
        } else if (key instanceof SearchKey.Header h) {
            if (envelope == null || !SearchEvaluator.isSingleField(h.field())) {
                return Optional.empty();
            }
            String value = envelope.field(h.field());
            if (value == null) {
                return Optional.of(false);
            }
            if (!plain(value)) {
                return Optional.empty();
            }
            return Optional.of(SearchEvaluator.headerMatches(h.field(), value, h.value()));
        } else if (SearchEvaluator.needsContent(key)) {
            return Optional.empty();
        }
        return Optional.of(SearchEvaluator.matches(key, metadata));
    }

    /** Printable US-ASCII (tabs too), no encoded-word, not cut: what the evaluator would decode to itself. */
    static boolean plain(String value) {
        if (value.length() >= StoredHeaderFields.WHOLE || value.contains("=?")) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
