package org.postroom.protocol.imap;

import java.io.IOException;
import java.util.Locale;
import java.util.stream.Collectors;
import org.postroom.connector.api.imap.MailboxException;
import org.postroom.connector.api.imap.SearchKey;
import org.postroom.connector.api.imap.UidSet;

/**
 * SEARCH and UID SEARCH (RFC 3501 section 6.4.4). CHARSET UTF-8 and US-ASCII are accepted (strings are read as
 * UTF-8 either way); any other is {@code NO [BADCHARSET (UTF-8 US-ASCII)]}. The store evaluates the program.
 */
final class SearchCommand implements ImapCommand {

    @Override
    public void execute(ImapSession session, Invocation call)
            throws ImapSyntaxException, MailboxException, IOException {
        ImapParser p = call.args();
        p.space();
        int mark = p.position();
        if (!p.peekIs('(') && !p.atSequenceSet() && p.atom().equalsIgnoreCase("CHARSET")) {
            p.space();
            String charset = p.astring().toUpperCase(Locale.ROOT);
            if (!charset.equals("UTF-8") && !charset.equals("US-ASCII")) {
                session.no(call.tag(), ResponseCode.of(ResponseCode.Name.BADCHARSET, "(UTF-8 US-ASCII)"),
                        "Unsupported charset");
                return;
            }
            p.space();
        } else {
            p.reset(mark);
        }
        SelectedMailbox mailbox = session.selected();
        SearchKey program = new SearchParser(p, new SearchParser.Resolver() {
            @Override
            public UidSet resolve(SequenceSet set, boolean byUid) throws ImapSyntaxException {
                return mailbox.resolve(set, byUid);
            }

            @Override
            public UidSet recent() {
                return mailbox.recentUids();
            }
        }).program();
        UidSet found = mailbox.exists() == 0
                ? UidSet.EMPTY
                : session.listener().search(session.authenticatedUser(), mailbox.key(), program);
        String result = found.stream()
                .filter(uid -> mailbox.msn(uid) > 0)
                .map(uid -> call.uid() ? uid : mailbox.msn(uid))
                .sorted()
                .mapToObj(Long::toString)
                .collect(Collectors.joining(" "));
        session.out().raw(result.isEmpty() ? "* SEARCH" : "* SEARCH " + result).crlf();
        session.ok(call.tag(), call.name() + " completed");
    }
}
