package org.postroom.protocol.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.postroom.connector.api.imap.ImapFlags;
import org.postroom.connector.api.imap.SearchKey;
import org.postroom.connector.api.imap.UidSet;

/**
 * Parses search keys (RFC 3501 section 6.4.4) into the {@link SearchKey} tree the store evaluates. What depends on
 * the session (message numbers, {@code *}, \Recent) is resolved through a {@link Resolver}, so the result names only
 * UIDs and the parser never sees the session.
 */
final class SearchParser {

    /** The session facts search keys refer to. */
    interface Resolver {
        /** The UIDs a sequence set names, by message number or ({@code byUid}) by UID. */
        UidSet resolve(SequenceSet set, boolean byUid) throws ImapSyntaxException;

        /** The messages that are \Recent in this session. */
        UidSet recent();
    }

    private static final int MAX_DEPTH = 32;

    private final ImapParser p;
    private final Resolver resolver;

    SearchParser(ImapParser p, Resolver resolver) {
        this.p = p;
        this.resolver = resolver;
    }

    /** One or more keys separated by SP, to the end of the command: their conjunction. */
    SearchKey program() throws ImapSyntaxException {
        List<SearchKey> keys = new ArrayList<>();
        keys.add(key(0));
        while (p.accept(' ')) {
            keys.add(key(0));
        }
        p.end();
        return keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys);
    }

    private SearchKey key(int depth) throws ImapSyntaxException {
        if (depth > MAX_DEPTH) {
            throw new ImapSyntaxException("Search program nested too deeply");
        }
        if (p.accept('(')) {
            List<SearchKey> keys = new ArrayList<>();
            keys.add(key(depth + 1));
            while (p.accept(' ')) {
                keys.add(key(depth + 1));
            }
            p.expect(')');
            return keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys);
        }
        if (p.atSequenceSet()) {
            return new SearchKey.Uids(resolver.resolve(p.sequenceSet(), false));
        }
        String name = p.atom().toUpperCase(Locale.ROOT);
        switch (name) {
            case "ALL" :
                return SearchKey.ALL;
            case "ANSWERED" :
                return new SearchKey.Flag(ImapFlags.ANSWERED, true);
            case "UNANSWERED" :
                return new SearchKey.Flag(ImapFlags.ANSWERED, false);
            case "DELETED" :
                return new SearchKey.Flag(ImapFlags.DELETED, true);
            case "UNDELETED" :
                return new SearchKey.Flag(ImapFlags.DELETED, false);
            case "DRAFT" :
                return new SearchKey.Flag(ImapFlags.DRAFT, true);
            case "UNDRAFT" :
                return new SearchKey.Flag(ImapFlags.DRAFT, false);
            case "FLAGGED" :
                return new SearchKey.Flag(ImapFlags.FLAGGED, true);
            case "UNFLAGGED" :
                return new SearchKey.Flag(ImapFlags.FLAGGED, false);
            case "SEEN" :
                return new SearchKey.Flag(ImapFlags.SEEN, true);
            case "UNSEEN" :
                return new SearchKey.Flag(ImapFlags.SEEN, false);
            case "KEYWORD" :
                p.space();
                return new SearchKey.Flag(p.atom(), true);
            case "UNKEYWORD" :
                p.space();
                return new SearchKey.Flag(p.atom(), false);
            case "RECENT" :
                return new SearchKey.Uids(resolver.recent());
            case "NEW" :
                return new SearchKey.And(
                        List.of(new SearchKey.Uids(resolver.recent()), new SearchKey.Flag(ImapFlags.SEEN, false)));
            case "OLD" :
                return new SearchKey.Not(new SearchKey.Uids(resolver.recent()));
            case "BCC" :
            case "CC" :
            case "FROM" :
            case "TO" :
            case "SUBJECT" :
                p.space();
                return new SearchKey.Header(headerName(name), p.astring());
            case "HEADER" : {
                p.space();
                String field = p.astring();
                p.space();
                return new SearchKey.Header(field, p.astring());
            }
            case "BODY" :
                p.space();
                return new SearchKey.Body(p.astring());
            case "TEXT" :
                p.space();
                return new SearchKey.Text(p.astring());
            case "BEFORE" :
                p.space();
                return new SearchKey.InternalDate(SearchKey.DateComparison.BEFORE, p.date());
            case "ON" :
                p.space();
                return new SearchKey.InternalDate(SearchKey.DateComparison.ON, p.date());
            case "SINCE" :
                p.space();
                return new SearchKey.InternalDate(SearchKey.DateComparison.SINCE, p.date());
            case "SENTBEFORE" :
                p.space();
                return new SearchKey.SentDate(SearchKey.DateComparison.BEFORE, p.date());
            case "SENTON" :
                p.space();
                return new SearchKey.SentDate(SearchKey.DateComparison.ON, p.date());
            case "SENTSINCE" :
                p.space();
                return new SearchKey.SentDate(SearchKey.DateComparison.SINCE, p.date());
            case "LARGER" :
                p.space();
                return new SearchKey.Size(SearchKey.SizeComparison.LARGER, p.number());
            case "SMALLER" :
                p.space();
                return new SearchKey.Size(SearchKey.SizeComparison.SMALLER, p.number());
            case "UID" :
                p.space();
                return new SearchKey.Uids(resolver.resolve(p.sequenceSet(), true));
            case "NOT" :
                p.space();
                return new SearchKey.Not(key(depth + 1));
            case "OR" : {
                p.space();
                SearchKey left = key(depth + 1);
                p.space();
                return new SearchKey.Or(left, key(depth + 1));
            }
            default :
                throw new ImapSyntaxException("Unknown search key " + name);
        }
    }

    private static String headerName(String key) {
        return switch (key) {
            case "BCC" -> "Bcc";
            case "CC" -> "Cc";
            case "FROM" -> "From";
            case "TO" -> "To";
            default -> "Subject";
        };
    }
}
