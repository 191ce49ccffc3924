package org.postroom.protocol.imap;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.postroom.connector.api.imap.MailboxKey;
import org.postroom.connector.api.imap.MailboxSnapshot;
import org.postroom.connector.api.imap.MessageFlags;
import org.postroom.connector.api.imap.UidSet;
import org.postroom.protocol.FuzzChecks;

/**
 * Fuzz target (ADR 0055): the IMAP grammar without a session, many times faster than {@link ImapSessionFuzzTest}: a
 * SEARCH program (search keys, nesting, dates, strings and literals), a sequence set resolved by message number and
 * by UID against a mailbox with gaps in its UIDs, and a FETCH item list, each from the same bytes. A finding is any
 * exception other than {@link ImapSyntaxException}, more than {@link FuzzChecks#MAX_ALLOCATED_BYTES_PER_INPUT}
 * allocated, or an input running longer than the timeout.
 */
class ImapGrammarFuzzTest {

    private static final MailboxSnapshot MAILBOX = new MailboxSnapshot(new MailboxKey(1, 1), "INBOX", 7, 4_000_000_000L,
            5, List.of(MessageFlags.of(1, Set.of()), MessageFlags.of(2, Set.of()), MessageFlags.of(7, Set.of()),
                    MessageFlags.of(3_999_999_999L, Set.of())),
            Set.of(), Set.of(), false);

    @FuzzTest(maxDuration = "5m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void imapGrammarRejectsBadInputOnlyWithSyntaxErrors(byte[] input) {
        FuzzChecks.withinAllocationBound(() -> parse(input));
    }

    private static void parse(byte[] input) {
        SelectedMailbox mailbox = new SelectedMailbox(MAILBOX);
        try {
            new SearchParser(new ImapParser(input), new SearchParser.Resolver() {
                @Override
                public UidSet resolve(SequenceSet set, boolean byUid) throws ImapSyntaxException {
                    return mailbox.resolve(set, byUid);
                }

                @Override
                public UidSet recent() {
                    return mailbox.recentUids();
                }
            }).program();
        } catch (ImapSyntaxException expected) {
            // the parser's own answer: BAD
        }
        try {
            SequenceSet set = new ImapParser(input).sequenceSet();
            mailbox.resolve(set, true);
            mailbox.resolve(set, false);
        } catch (ImapSyntaxException expected) {
            // BAD
        }
        try {
            FetchParser.items(new ImapParser(input));
        } catch (ImapSyntaxException expected) {
            // BAD
        }
    }
}
