package org.postroom.connector.ra;

import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postroom.connector.api.AuthenticatedUser;
import org.postroom.connector.api.AuthenticationResult;
import org.postroom.connector.api.Credentials;
import org.postroom.connector.api.imap.FetchedMessage;
import org.postroom.connector.api.imap.AppendResult;
import org.postroom.connector.api.imap.CopyResult;
import org.postroom.connector.api.imap.MailboxChanges;
import org.postroom.connector.api.imap.MailboxException;
import org.postroom.connector.api.imap.MailboxInfo;
import org.postroom.connector.api.imap.MailboxSessionListener;
import org.postroom.connector.api.imap.MailboxSnapshot;
import org.postroom.connector.api.imap.MailboxStatus;
import org.postroom.connector.api.imap.MessageFlags;
import org.postroom.connector.api.imap.MessageMetadata;
import org.postroom.connector.api.imap.SearchKey;
import org.postroom.connector.api.imap.StoreMode;
import org.postroom.connector.api.imap.UidSet;

/**
 * The {@link MailboxSessionListener} the IMAP engine calls, backed by the message-driven bean: one endpoint per call,
 * released right after (never held for a connection: 10,000 IDLE sessions hold none). When no endpoint can be created
 * (the application is starting or stopping) the engine sees an {@link IOException} and answers
 * {@code NO [UNAVAILABLE]}.
 */
final class EndpointMailboxSessionListener implements MailboxSessionListener {

    private static final Logger LOG = Logger.getLogger(EndpointMailboxSessionListener.class.getName());

    private final MessageEndpointFactory factory;

    EndpointMailboxSessionListener(MessageEndpointFactory factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @FunctionalInterface
    private interface Call<T> {
        T apply(MailboxSessionListener listener) throws MailboxException, IOException;
    }

    private <T> T call(Call<T> call) throws MailboxException, IOException {
        MessageEndpoint endpoint;
        try {
            endpoint = factory.createEndpoint(null);
        } catch (UnavailableException e) {
            LOG.log(Level.WARNING, "no IMAP message endpoint available", e);
            throw new IOException("mail store temporarily unavailable", e);
        }
        try {
            return call.apply((MailboxSessionListener) endpoint);
        } finally {
            endpoint.release();
        }
    }

    /** For the calls that declare no MailboxException. */
    private <T> T plain(Call<T> call) throws IOException {
        try {
            return call(call);
        } catch (MailboxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public AuthenticationResult authenticate(InetSocketAddress clientAddress, boolean tls, Credentials credentials) {
        try {
            return plain(l -> l.authenticate(clientAddress, tls, credentials));
        } catch (IOException e) {
            return AuthenticationResult.temporarilyUnavailable();
        }
    }

    @Override
    public List<MailboxInfo> mailboxes(AuthenticatedUser user, String prefix) throws IOException {
        return plain(l -> l.mailboxes(user, prefix));
    }

    @Override
    public Set<String> subscriptions(AuthenticatedUser user) throws IOException {
        return plain(l -> l.subscriptions(user));
    }

    @Override
    public void subscribe(AuthenticatedUser user, String name, boolean subscribed)
            throws MailboxException, IOException {
        call(l -> {
            l.subscribe(user, name, subscribed);
            return null;
        });
    }

    @Override
    public void create(AuthenticatedUser user, String name) throws MailboxException, IOException {
        call(l -> {
            l.create(user, name);
            return null;
        });
    }

    @Override
    public void delete(AuthenticatedUser user, String name) throws MailboxException, IOException {
        call(l -> {
            l.delete(user, name);
            return null;
        });
    }

    @Override
    public void rename(AuthenticatedUser user, String from, String to) throws MailboxException, IOException {
        call(l -> {
            l.rename(user, from, to);
            return null;
        });
    }

    @Override
    public List<FetchedMessage> fetchWithContent(AuthenticatedUser user, String mailboxKey, UidSet uids,
            boolean withStructure, long maxBytes) throws MailboxException, IOException {
        return call(l -> l.fetchWithContent(user, mailboxKey, uids, withStructure, maxBytes));
    }

    @Override
    public MailboxStatus status(AuthenticatedUser user, String name) throws MailboxException, IOException {
        return call(l -> l.status(user, name));
    }

    @Override
    public MailboxSnapshot select(AuthenticatedUser user, String name, boolean readOnly)
            throws MailboxException, IOException {
        return call(l -> l.select(user, name, readOnly));
    }

    @Override
    public MailboxChanges changesSince(AuthenticatedUser user, String mailboxKey, long modSeq, boolean readOnly)
            throws MailboxException, IOException {
        return call(l -> l.changesSince(user, mailboxKey, modSeq, readOnly));
    }

    @Override
    public List<MessageMetadata> fetch(AuthenticatedUser user, String mailboxKey, UidSet uids, boolean withStructure)
            throws MailboxException, IOException {
        return call(l -> l.fetch(user, mailboxKey, uids, withStructure));
    }

    @Override
    public Optional<InputStream> content(AuthenticatedUser user, String mailboxKey, long uid)
            throws MailboxException, IOException {
        return call(l -> l.content(user, mailboxKey, uid));
    }

    @Override
    public List<MessageFlags> store(AuthenticatedUser user, String mailboxKey, UidSet uids, StoreMode mode,
            Set<String> flags) throws MailboxException, IOException {
        return call(l -> l.store(user, mailboxKey, uids, mode, flags));
    }

    @Override
    public CopyResult copy(AuthenticatedUser user, String mailboxKey, UidSet uids, String target)
            throws MailboxException, IOException {
        return call(l -> l.copy(user, mailboxKey, uids, target));
    }

    @Override
    public CopyResult move(AuthenticatedUser user, String mailboxKey, UidSet uids, String target)
            throws MailboxException, IOException {
        return call(l -> l.move(user, mailboxKey, uids, target));
    }

    @Override
    public List<Long> expunge(AuthenticatedUser user, String mailboxKey, Optional<UidSet> only)
            throws MailboxException, IOException {
        return call(l -> l.expunge(user, mailboxKey, only));
    }

    @Override
    public AppendResult append(AuthenticatedUser user, String name, Set<String> flags,
            Optional<OffsetDateTime> internalDate, byte[] content) throws MailboxException, IOException {
        return call(l -> l.append(user, name, flags, internalDate, content));
    }

    @Override
    public UidSet search(AuthenticatedUser user, String mailboxKey, SearchKey program)
            throws MailboxException, IOException {
        return call(l -> l.search(user, mailboxKey, program));
    }
}
