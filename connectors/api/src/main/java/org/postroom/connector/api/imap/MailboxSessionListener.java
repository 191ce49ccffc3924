package org.postroom.connector.api.imap;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.postroom.connector.api.AuthenticatedUser;
import org.postroom.connector.api.AuthenticationResult;
import org.postroom.connector.api.Credentials;

/**
 * The seam between the IMAP engine and the mail store. Stateless: every call names the user it is about, and calls
 * on a selected mailbox name it by the {@link MailboxSnapshot#key()} its SELECT returned, so one thread-safe
 * instance serves every connection; calls may block on a database. The engine keeps all per-session state: the
 * UID to sequence-number map, the flags it has shown, the modification sequence it has seen, and \Recent.
 *
 * <h2>Call order, per connection</h2>
 * <ol>
 * <li>{@link #authenticate} for each LOGIN or AUTHENTICATE attempt until one succeeds (the engine asks only over TLS,
 * or from loopback when configured). Nothing else is called before a success.</li>
 * <li>Any of the mailbox-level calls ({@link #mailboxes}, {@link #subscriptions}, {@link #create}, {@link #delete},
 * {@link #rename}, {@link #subscribe}, {@link #status}, {@link #append}) with mailbox names, in any order.</li>
 * <li>{@link #select} for SELECT and EXAMINE. From then until the next select or the end of the session, the calls on
 * the selected mailbox ({@link #changesSince}, {@link #fetch}, {@link #fetchEnvelopes}, {@link #fetchWithContent}, {@link #content}, {@link #store}, {@link #copy},
 * {@link #move}, {@link #expunge}, {@link #search}) name that snapshot's key and only UIDs the engine learned from the
 * snapshot or from {@link #changesSince} (which may have been expunged meanwhile: skip those silently).</li>
 * <li>{@link #changesSince} with the last modification sequence the engine saw, whenever IMAP allows it to tell the
 * client about changes, and after each change event the adapter delivers for the mailbox.</li>
 * </ol>
 * There is no close call: the engine holds no lock in the store.
 *
 * <h2>Errors</h2> A {@link MailboxException} is a refusal the client is told about with its response code; any other
 * exception is logged and answered {@code NO [UNAVAILABLE]}.
 *
 * <h2>Names</h2> Mailbox names are Unicode (the engine decodes modified UTF-7), hierarchy levels separated by
 * {@link #DELIMITER}; {@code INBOX} is always spelled so, whatever case the client used.
 */
public interface MailboxSessionListener {

    /** The hierarchy delimiter of mailbox names. */
    char DELIMITER = '/';

    /**
     * Checks credentials given with LOGIN or AUTHENTICATE PLAIN/LOGIN.
     *
     * @param clientAddress the remote address, for rate limiting and auditing
     * @param tls whether TLS protects the connection
     */
    AuthenticationResult authenticate(InetSocketAddress clientAddress, boolean tls, Credentials credentials);

    /**
     * Every mailbox of the user, with its attributes, in any order; the engine matches LIST patterns. A store with
     * very many mailboxes per user may filter by {@code prefix} (every name the engine wants starts with it; empty
     * means all).
     */
    List<MailboxInfo> mailboxes(AuthenticatedUser user, String prefix) throws IOException;

    /** The names the user subscribed to, existing or not (LSUB). */
    Set<String> subscriptions(AuthenticatedUser user) throws IOException;

    void subscribe(AuthenticatedUser user, String name, boolean subscribed) throws MailboxException, IOException;

    /** CREATE, creating missing parent levels too ({@code ALREADY_EXISTS} if it exists). */
    void create(AuthenticatedUser user, String name) throws MailboxException, IOException;

    /** DELETE ({@code CANNOT} for INBOX; a mailbox with children becomes \Noselect per RFC 3501 6.3.4). */
    void delete(AuthenticatedUser user, String name) throws MailboxException, IOException;

    /**
     * RENAME, with its children. Renaming INBOX moves all its messages into a new mailbox of the new name and leaves
     * INBOX empty (RFC 3501 section 6.3.5).
     */
    void rename(AuthenticatedUser user, String from, String to) throws MailboxException, IOException;

    /** STATUS counts. */
    MailboxStatus status(AuthenticatedUser user, String name) throws MailboxException, IOException;

    /**
     * Opens a mailbox for SELECT ({@code readOnly} false) or EXAMINE. For SELECT, messages no session has seen yet
     * are reported {@linkplain MessageFlags#recent() recent} to this session and to no other (the store clears its
     * "not yet seen" mark in the same transaction); EXAMINE leaves the mark.
     */
    MailboxSnapshot select(AuthenticatedUser user, String name, boolean readOnly)
            throws MailboxException, IOException;

    /**
     * What changed in the selected mailbox after {@code modSeq}. One call, however large the mailbox: the engine
     * never re-reads it whole. As in {@link #select}, a session that is not read-only claims the recency of the
     * added messages nobody saw yet.
     *
     * @throws MailboxException {@code NONEXISTENT} when the mailbox was deleted or its UIDVALIDITY changed: the
     *             engine ends the session
     */
    MailboxChanges changesSince(AuthenticatedUser user, MailboxKey mailboxKey, long modSeq, boolean readOnly)
            throws MailboxException, IOException;

    /**
     * The metadata of the messages with these UIDs, ascending UID order, one call for the whole set (FETCH
     * {@code 1:*} on a large mailbox is one query). UIDs no longer present are left out.
     *
     * @param withStructure load the stored {@link org.postroom.connector.api.mime.MessageStructure} too (ENVELOPE,
     *            BODY, BODYSTRUCTURE, BODY[section]); otherwise {@link MessageMetadata#structure()} is {@code null}
     */
    List<MessageMetadata> fetch(AuthenticatedUser user, MailboxKey mailboxKey, UidSet uids, boolean withStructure)
            throws MailboxException, IOException;

    /**
     * As {@link #fetch} for a FETCH whose only item beyond the row's (UID, flags, date, size) is ENVELOPE: each message
     * with {@link MessageMetadata#envelope()}, the ENVELOPE as the store keeps it in the form IMAP sends it (ADR
     * 0076), or, for a message whose store has no such form, with {@link MessageMetadata#structure()} instead.
     */
    List<MessageMetadata> fetchEnvelopes(AuthenticatedUser user, MailboxKey mailboxKey, UidSet uids)
            throws MailboxException, IOException;

    /**
     * FETCH of body sections: the metadata and the content of the messages with these UIDs, ascending UID order, in
     * one call, as many as fit in {@code maxBytes} of content (at least the first, whatever its size). The engine asks
     * again for the UIDs after the last one returned until none is left; UIDs no longer present are left out.
     *
     * @param withStructure as for {@link #fetch}
     * @param maxBytes how much content one call should return, at most, beyond the first message
     */
    List<FetchedMessage> fetchWithContent(AuthenticatedUser user, MailboxKey mailboxKey, UidSet uids,
            boolean withStructure, long maxBytes) throws MailboxException, IOException;

    /**
     * The stored message, CRLF line ends, exactly {@link MessageMetadata#size()} octets; the engine closes it.
     * Empty if the message is gone.
     */
    Optional<InputStream> content(AuthenticatedUser user, MailboxKey mailboxKey, long uid)
            throws MailboxException, IOException;

    /**
     * Changes flags (STORE, and the implicit {@code \Seen} of FETCH BODY[]) and advances the mailbox's modification
     * sequence for the messages that changed.
     *
     * @return the messages' flags after the change, ascending UID order; gone messages left out
     */
    List<MessageFlags> store(AuthenticatedUser user, MailboxKey mailboxKey, UidSet uids, StoreMode mode,
            Set<String> flags) throws MailboxException, IOException;

    /** COPY into the mailbox named {@code target} ({@code TRY_CREATE} when it does not exist). */
    CopyResult copy(AuthenticatedUser user, MailboxKey mailboxKey, UidSet uids, String target)
            throws MailboxException, IOException;

    /** MOVE (RFC 6851): copy and expunge in one transaction. */
    CopyResult move(AuthenticatedUser user, MailboxKey mailboxKey, UidSet uids, String target)
            throws MailboxException, IOException;

    /**
     * Removes the messages flagged {@code \Deleted}; with {@code only}, just those among these UIDs (UID EXPUNGE,
     * RFC 4315). Durable when it returns.
     *
     * @return the expunged UIDs, ascending
     */
    List<Long> expunge(AuthenticatedUser user, MailboxKey mailboxKey, Optional<UidSet> only)
            throws MailboxException, IOException;

    /**
     * APPEND. The message is durable when this returns; the engine answers OK only then.
     *
     * @param internalDate the date the client gave, or empty for now
     * @param content the whole message as the client sent it
     */
    AppendResult append(AuthenticatedUser user, String name, Set<String> flags, Optional<OffsetDateTime> internalDate,
            byte[] content) throws MailboxException, IOException;

    /**
     * APPEND of a message the engine holds as a stream (a large one waits in a spool file, not in the heap): what the
     * engine calls. The default reads it into memory and calls the other; a store overrides it to bound the memory
     * that messages being stored take together.
     *
     * @param content the whole message, {@code size} octets; read once, closed by the caller
     */
    default AppendResult append(AuthenticatedUser user, String name, Set<String> flags,
            Optional<OffsetDateTime> internalDate, InputStream content, long size)
            throws MailboxException, IOException {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException("message too large for memory: " + size + " octets");
        }
        byte[] message = content.readNBytes((int) size);
        if (message.length != size) {
            throw new IOException("message shorter than announced: " + message.length + " of " + size + " octets");
        }
        return append(user, name, flags, internalDate, message);
    }

    /**
     * SEARCH: the UIDs of the messages in the selected mailbox that satisfy {@code program}. Evaluate indexed keys in
     * the store and the rest with {@code SearchEvaluator} (module {@code connectors/model}).
     */
    UidSet search(AuthenticatedUser user, MailboxKey mailboxKey, SearchKey program)
            throws MailboxException, IOException;
}
