package org.postroom.mailbox;

import java.util.Optional;

import org.postroom.connector.api.imap.SearchKey;
import org.postroom.model.search.HeaderSearchText;
import org.postroom.model.search.SearchEvaluator;
import org.postroom.model.search.SearchableMessage;

/**
 * Decides a SEARCH program for one message from its metadata and its stored search texts ({@link HeaderSearchText},
 * computed at delivery, ADR 0077) where those give the same answer as {@link SearchEvaluator} on the content, and says
 * "unknown" otherwise: then the content decides.
 *
 * <p>
 * A header key on FROM, TO, CC, BCC or SUBJECT ({@link SearchEvaluator#SINGLE_FIELDS}) is decided by whether the
 * field's text contains the key's folded string ({@link HeaderSearchText#needle}); a string that is empty or holds the
 * text's separator, or a message without stored texts, is unknown. Keys that need no content (flags, UIDs, dates,
 * sizes) are decided by the evaluator itself; BODY, TEXT, SENT* and other header names are unknown.
 */
final class HeaderFieldSearch {

    private HeaderFieldSearch() {
    }

    /**
     * @param metadata the message without content (its content supplier is never called)
     * @param texts its stored search texts (a field not read null), or {@code null} when it has none
     * @return the answer, or empty when the content must decide
     */
    static Optional<Boolean> decide(SearchKey key, SearchableMessage metadata, HeaderSearchText texts) {
        if (key instanceof SearchKey.And and) {
            boolean unknown = false;
            for (SearchKey k : and.keys()) {
                Optional<Boolean> r = decide(k, metadata, texts);
                if (r.isEmpty()) {
                    unknown = true;
                } else if (!r.get()) {
                    return r;
                }
            }
            return unknown ? Optional.empty() : Optional.of(true);
        } else if (key instanceof SearchKey.Or or) {
            Optional<Boolean> left = decide(or.left(), metadata, texts);
            if (left.isPresent() && left.get()) {
                return left;
            }
            Optional<Boolean> right = decide(or.right(), metadata, texts);
            if (right.isPresent() && right.get()) {
                return right;
            }
            return left.isPresent() && right.isPresent() ? Optional.of(false) : Optional.empty();
        } else if (key instanceof SearchKey.Not not) {
            return decide(not.key(), metadata, texts).map(b -> !b);
        } else if (key instanceof SearchKey.Header h) {
            if (texts == null || !SearchEvaluator.isSingleField(h.field())) {
                return Optional.empty();
            }
            String text = texts.field(h.field());
            return text == null
                    ? Optional.empty()
                    : HeaderSearchText.needle(h.value()).map(needle -> text.contains(needle));
        } else if (SearchEvaluator.needsContent(key)) {
            return Optional.empty();
        }
        return Optional.of(SearchEvaluator.matches(key, metadata));
    }
}
