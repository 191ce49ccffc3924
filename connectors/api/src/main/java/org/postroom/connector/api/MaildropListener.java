package org.postroom.connector.api;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * The seam between the POP3 engine and the mail store. Stateless: every call names the user it is about, so one
 * instance (thread-safe; it may block on a directory or database) serves every connection of an endpoint.
 *
 * <h2>Call order, per connection</h2>
 * <ol>
 * <li>{@link #authenticate} for each USER/PASS or AUTH attempt, until one succeeds (the engine only asks over TLS,
 * or from loopback when so configured).</li>
 * <li>{@link #open} once, right after a successful authentication: lock the maildrop and return its snapshot. If it
 * throws, the session stays unauthenticated and nothing else is called for that user.</li>
 * <li>{@link #contents} any number of times (RETR, TOP), only with keys from the snapshot.</li>
 * <li>At most once, on QUIT: {@link #commit} with the keys the client deleted (possibly none). A connection that
 * ends without QUIT never commits (RFC 1939 section 6).</li>
 * <li>{@link #close} exactly once after a successful {@link #open}, whatever happened (QUIT, drop, timeout, a
 * failed commit): release the lock.</li>
 * </ol>
 */
public interface MaildropListener {

    /**
     * Checks credentials given with USER/PASS or SASL PLAIN.
     *
     * @param clientAddress the remote address, for rate limiting and auditing
     * @param tls whether TLS protects the connection
     * @return the decision; never {@code null}
     */
    AuthenticationResult authenticate(InetSocketAddress clientAddress, boolean tls, Credentials credentials);

    /**
     * Locks the user's maildrop for this session and returns its messages in the order the client will number
     * them (1, 2, ...). The snapshot does not change for the session: mail arriving meanwhile shows up next time.
     *
     * @throws Pop3MaildropInUseException another session holds the lock ({@code -ERR [IN-USE]})
     * @throws IOException the store failed ({@code -ERR [SYS/TEMP]})
     */
    List<Pop3MaildropEntry> open(AuthenticatedUser user) throws Pop3MaildropInUseException, IOException;

    /**
     * The stored bytes of these messages (CRLF line ends), by key. The engine asks, in one call, for the message the
     * client wants and for the next few it will probably want (read-ahead), so a store pays its per-call cost once
     * per batch rather than once per message.
     *
     * @param keys {@link Pop3MaildropEntry#key()} values from the snapshot {@link #open} returned
     * @return the messages found; a message another client removed meanwhile is simply missing
     */
    Map<String, byte[]> contents(AuthenticatedUser user, List<String> keys) throws IOException;

    /**
     * Removes these messages (RFC 1939 UPDATE state). The engine answers {@code +OK} to QUIT only after this
     * returns: here is the point where the deletions the client asked for are durable.
     *
     * @param deletedKeys the keys of the messages marked with DELE, in message-number order; may be empty
     */
    void commit(AuthenticatedUser user, List<String> deletedKeys) throws IOException;

    /** Releases the lock {@link #open} took. Must not throw for a maildrop that is already released. */
    void close(AuthenticatedUser user);
}
