package org.postroom.protocol.imap;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.postroom.connector.api.imap.CopyResult;
import org.postroom.connector.api.imap.MailboxException;
import org.postroom.connector.api.imap.UidSet;

/**
 * COPY (RFC 3501 section 6.4.7) and MOVE (RFC 6851), with their UID forms and the UIDPLUS COPYUID code (RFC 4315).
 * MOVE sends COPYUID untagged, then an EXPUNGE per moved message, then OK.
 */
final class CopyCommand implements ImapCommand {

    private final boolean move;

    private CopyCommand(boolean move) {
        this.move = move;
    }

    static CopyCommand copy() {
        return new CopyCommand(false);
    }

    static CopyCommand move() {
        return new CopyCommand(true);
    }

    @Override
    public void execute(ImapSession session, Invocation call)
            throws ImapSyntaxException, MailboxException, IOException {
        ImapParser p = call.args();
        p.space();
        SequenceSet set = p.sequenceSet();
        p.space();
        String target = p.mailbox();
        p.end();
        SelectedMailbox mailbox = session.selected();
        UidSet uids = mailbox.resolve(set, call.uid());
        if (move && mailbox.readOnly()) {
            session.complete(call.tag(), ImapReplies.READ_ONLY);
            return;
        }
        if (uids.isEmpty()) {
            session.ok(call.tag(), call.name() + " completed");
            return;
        }
        CopyResult result = move
                ? session.listener().move(session.authenticatedUser(), mailbox.key(), uids, target)
                : session.listener().copy(session.authenticatedUser(), mailbox.key(), uids, target);
        if (target.equals(mailbox.name())) {
            mailbox.markDirty();
        }
        Optional<ResponseCode> code = result.sourceUids().isEmpty()
                ? Optional.empty()
                : Optional.of(ResponseCode.of(ResponseCode.Name.COPYUID, result.destinationUidValidity() + " "
                        + compress(result.sourceUids()) + " " + compress(result.destinationUids())));
        if (move) {
            code.ifPresent(c -> session.out().status("*", ImapReply.ok(c, "Moved")));
            mailbox.expungeAnnounced(result.sourceUids(), session.out());
            session.ok(call.tag(), call.name() + " completed");
        } else {
            session.complete(call.tag(), new ImapReply(ImapReply.Status.OK, code, call.name() + " completed"));
        }
    }

    /** UIDs in the given order, runs of consecutive ones as ranges: the order matters in COPYUID. */
    static String compress(List<Long> uids) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < uids.size()) {
            long first = uids.get(i);
            long last = first;
            while (i + 1 < uids.size() && uids.get(i + 1) == last + 1) {
                last = uids.get(++i);
            }
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(first);
            if (last != first) {
                b.append(':').append(last);
            }
            i++;
        }
        return b.toString();
    }
}
