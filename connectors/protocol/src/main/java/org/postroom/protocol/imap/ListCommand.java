package org.postroom.protocol.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.postroom.connector.api.imap.MailboxAttribute;
import org.postroom.connector.api.imap.MailboxInfo;
import org.postroom.connector.api.imap.MailboxSessionListener;

/**
 * LIST and LSUB (RFC 3501 sections 6.3.8, 6.3.9) with CHILDREN (RFC 3348) and SPECIAL-USE (RFC 6154) attributes.
 * The reference and the pattern are joined; {@code *} matches anything, {@code %} anything but the delimiter, in time
 * linear in the name ({@link ListPattern}: no regular expression, so no pattern backtracks for ever).
 */
final class ListCommand implements ImapCommand {

    private static final char DELIMITER = MailboxSessionListener.DELIMITER;

    private final boolean subscribedOnly;

    private ListCommand(boolean subscribedOnly) {
        this.subscribedOnly = subscribedOnly;
    }

    static ListCommand list() {
        return new ListCommand(false);
    }

    static ListCommand lsub() {
        return new ListCommand(true);
    }

    @Override
    public void execute(ImapSession session, Invocation call) throws ImapSyntaxException, IOException {
        ImapParser p = call.args();
        p.space();
        String reference = p.listMailbox();
        p.space();
        String pattern = p.listMailbox();
        p.end();
        String verb = subscribedOnly ? "LSUB" : "LIST";
        ResponseWriter out = session.out();
        if (pattern.isEmpty()) {
            // RFC 3501 6.3.8: the delimiter and the root of the reference
            out.raw("* " + verb + " (\\Noselect) \"" + DELIMITER + "\" ").string(root(reference)).crlf();
            session.ok(call.tag(), verb + " completed");
            return;
        }
        String full = pattern.startsWith(String.valueOf(DELIMITER)) || reference.isEmpty()
                ? pattern
                : reference + pattern;
        full = canonicalInbox(full);
        ListPattern matcher = ListPattern.compile(full, DELIMITER);
        Map<String, List<String>> matches = new TreeMap<>();
        if (subscribedOnly) {
            Map<String, MailboxInfo> existing = new TreeMap<>();
            for (MailboxInfo info : session.listener().mailboxes(session.authenticatedUser(), "")) {
                existing.put(info.name(), info);
            }
            Set<String> subscribed = session.listener().subscriptions(session.authenticatedUser());
            for (String name : subscribed) {
                if (matcher.matches(name)) {
                    MailboxInfo info = existing.get(name);
                    matches.put(name, info == null || info.attributes().contains(MailboxAttribute.NOSELECT)
                            ? List.of(MailboxAttribute.NOSELECT.imap())
                            : List.of());
                }
            }
            // RFC 3501 6.3.9: a name the pattern matches at its level (a % stops at the delimiter) that is not
            // subscribed itself but has a subscribed child the pattern does not reach is listed with \Noselect
            for (String name : subscribed) {
                if (matcher.matches(name)) {
                    continue;
                }
                for (int i = name.indexOf(DELIMITER); i > 0; i = name.indexOf(DELIMITER, i + 1)) {
                    String parent = name.substring(0, i);
                    if (!subscribed.contains(parent) && matcher.matches(parent)) {
                        matches.putIfAbsent(parent, List.of(MailboxAttribute.NOSELECT.imap()));
                    }
                }
            }
        } else {
            for (MailboxInfo info : session.listener().mailboxes(session.authenticatedUser(), prefix(full))) {
                if (matcher.matches(info.name())) {
                    matches.put(info.name(), attributes(info));
                }
            }
        }
        for (Map.Entry<String, List<String>> m : matches.entrySet()) {
            out.raw("* " + verb + " (" + String.join(" ", m.getValue()) + ") \"" + DELIMITER + "\" ")
                    .mailbox(m.getKey())
                    .crlf();
        }
        session.ok(call.tag(), verb + " completed");
    }

    private static List<String> attributes(MailboxInfo info) {
        List<String> out = new ArrayList<>();
        for (MailboxAttribute a : MailboxAttribute.values()) {
            if (info.attributes().contains(a)) {
                out.add(a.imap());
            }
        }
        return out;
    }

    private static String root(String reference) {
        int i = reference.indexOf(DELIMITER);
        return i < 0 ? "" : reference.substring(0, i + 1);
    }

    /** The literal prefix of a pattern, before its first wildcard. */
    private static String prefix(String pattern) {
        int i = 0;
        while (i < pattern.length() && pattern.charAt(i) != '*' && pattern.charAt(i) != '%') {
            i++;
        }
        return pattern.substring(0, i);
    }

    /** A leading INBOX, in any case, is spelled INBOX: its name is case-insensitive (RFC 3501 section 5.1). */
    static String canonicalInbox(String pattern) {
        if (pattern.regionMatches(true, 0, "INBOX", 0, 5)
                && (pattern.length() == 5 || "*%".indexOf(pattern.charAt(5)) >= 0 || pattern.charAt(5) == DELIMITER)) {
            return "INBOX" + pattern.substring(5);
        }
        return pattern;
    }
}
