package org.postroom.protocol.imap;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;
import org.postroom.connector.api.imap.MailboxSessionListener;
import org.postroom.protocol.AuthFailurePolicy;
import org.postroom.protocol.ConnectionsPerUserAndAddress;
import org.postroom.protocol.smtp.SmtpProtocol;
import org.postroom.protocol.smtp.SpoolFactory;
import org.postroom.protocol.smtp.ThresholdSpoolFactory;

/**
 * Everything the sessions of one IMAP endpoint share: the configuration, the listener, the authentication failure
 * policy and the {@link MessageCache} (which several endpoints of one server may share too). Thread-safe; build one
 * per endpoint and call {@link #newDriver} per accepted connection.
 */
public final class ImapProtocol {

    private final ImapConfig config;
    private final MailboxSessionListener listener;
    private final AuthFailurePolicy authFailurePolicy;
    private final Supplier<String> sessionIds;
    private final MessageCache messageCache;
    private final ConnectionsPerUserAndAddress perUser;
    private final SpoolFactory spoolFactory;

    /** With a message cache of its own, of {@link ImapConfig#messageCacheBytes()}. */
    public ImapProtocol(ImapConfig config, MailboxSessionListener listener, AuthFailurePolicy authFailurePolicy) {
        this(config, listener, authFailurePolicy, SmtpProtocol::randomId);
    }

    /**
     * With a message cache of its own, of {@link ImapConfig#messageCacheBytes()}.
     *
     * @param sessionIds ids for log lines, one per connection
     */
    public ImapProtocol(ImapConfig config, MailboxSessionListener listener, AuthFailurePolicy authFailurePolicy,
            Supplier<String> sessionIds) {
        this(config, listener, authFailurePolicy, sessionIds, new MessageCache(config.messageCacheBytes()));
    }

    /**
     * @param sessionIds ids for log lines, one per connection
     * @param messageCache the cache of message contents, shared with the other endpoints of the server (the IMAP and
     *            the IMAPS listener) so that a message read over one is a hit over the other
     */
    public ImapProtocol(ImapConfig config, MailboxSessionListener listener, AuthFailurePolicy authFailurePolicy,
            Supplier<String> sessionIds, MessageCache messageCache) {
        this(config, listener, authFailurePolicy, sessionIds, messageCache, ConnectionsPerUserAndAddress.UNLIMITED);
    }

    /**
     * @param perUser logged-in sessions per user and client address, shared with the other IMAP endpoints; a login
     *            beyond it gets {@code NO [LIMIT]}
     */
    public ImapProtocol(ImapConfig config, MailboxSessionListener listener, AuthFailurePolicy authFailurePolicy,
            Supplier<String> sessionIds, MessageCache messageCache, ConnectionsPerUserAndAddress perUser) {
        this(config, listener, authFailurePolicy, sessionIds, messageCache, perUser,
                new ThresholdSpoolFactory(Path.of(System.getProperty("java.io.tmpdir")), 0, "imap"));
    }

    /**
     * @param spoolFactory where APPEND literals over {@link ImapSessionDriver#SPOOL_THRESHOLD} are written while they
     *            arrive (the server's data directory)
     */
    public ImapProtocol(ImapConfig config, MailboxSessionListener listener, AuthFailurePolicy authFailurePolicy,
            Supplier<String> sessionIds, MessageCache messageCache, ConnectionsPerUserAndAddress perUser,
            SpoolFactory spoolFactory) {
        this.spoolFactory = Objects.requireNonNull(spoolFactory, "spoolFactory");
        this.perUser = Objects.requireNonNull(perUser, "perUser");
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.authFailurePolicy = Objects.requireNonNull(authFailurePolicy, "authFailurePolicy");
        this.sessionIds = Objects.requireNonNull(sessionIds, "sessionIds");
        this.messageCache = Objects.requireNonNull(messageCache, "messageCache");
    }

    /** A session for a new connection; call {@link ImapSession#start()} to get the greeting. */
    public ImapSession newSession(InetSocketAddress clientAddress) {
        return new ImapSession(this, sessionIds.get(), Objects.requireNonNull(clientAddress, "clientAddress"));
    }

    /** A session with line and literal framing in front of it, fed with raw connection bytes. */
    public ImapSessionDriver newDriver(InetSocketAddress clientAddress) {
        return new ImapSessionDriver(newSession(clientAddress));
    }

    public ImapConfig config() {
        return config;
    }

    /** Where large APPEND literals wait while they arrive. */
    public SpoolFactory spoolFactory() {
        return spoolFactory;
    }

    /** Sent instead of the greeting to a connection beyond the endpoint's limit (RFC 3501 section 7.1.5). */
    public byte[] tooManyConnectionsReply() {
        return bye("Too many connections, try again later");
    }

    /** Sent before closing a connection whose client address has too many connections open already. */
    public byte[] tooManyConnectionsFromAddressReply() {
        return bye("Too many connections from your address, try again later");
    }

    /** Sent before closing an idle connection (RFC 3501 section 5.4: at least 30 minutes). */
    public byte[] idleTimeoutReply() {
        return bye("Autologout; idle for too long");
    }

    /** Sent to every connection when the server shuts down. */
    public byte[] shutdownReply() {
        return bye("Server shutting down");
    }

    MailboxSessionListener listener() {
        return listener;
    }

    /** The cache of message contents these sessions use. */
    public MessageCache messageCache() {
        return messageCache;
    }

    ConnectionsPerUserAndAddress perUser() {
        return perUser;
    }

    AuthFailurePolicy authFailurePolicy() {
        return authFailurePolicy;
    }

    private byte[] bye(String text) {
        return ("* BYE " + config.hostname() + " " + text + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
