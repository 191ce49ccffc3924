package org.postroom.protocol.imap;

import java.io.IOException;
import org.postroom.connector.api.imap.MailboxException;

/**
 * One IMAP command (or a family differing only in a detail, such as SELECT and EXAMINE). The
 * {@link ImapCommandRegistry} has already checked the state and the TLS rules when {@link #execute} runs. The command
 * parses its arguments, calls the store, writes untagged responses to {@link ImapSession#out()} and ends with
 * {@link ImapSession#ok}, {@link ImapSession#no} or {@link ImapSession#bad}; the session writes that tagged line after
 * any untagged updates the registry allows.
 */
interface ImapCommand {

    /**
     * @throws ImapSyntaxException the arguments are malformed ({@code BAD})
     * @throws MailboxException the store refused ({@code NO} with its response code)
     * @throws IOException the store failed ({@code NO [UNAVAILABLE]})
     */
    void execute(ImapSession session, Invocation call) throws ImapSyntaxException, MailboxException, IOException;
}
