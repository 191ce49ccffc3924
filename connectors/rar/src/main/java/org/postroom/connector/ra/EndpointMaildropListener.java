package org.postroom.connector.ra;

import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postroom.connector.api.AuthenticatedUser;
import org.postroom.connector.api.AuthenticationResult;
import org.postroom.connector.api.Credentials;
import org.postroom.connector.api.MaildropListener;
import org.postroom.connector.api.Pop3MaildropEntry;
import org.postroom.connector.api.Pop3MaildropInUseException;

/**
 * The {@link MaildropListener} the POP3 engine calls, backed by the message-driven bean: one endpoint per call,
 * released right after (never held for a connection). When no endpoint can be created (the application is starting
 * or stopping) the engine sees a store failure and answers {@code -ERR [SYS/TEMP]}.
 */
final class EndpointMaildropListener implements MaildropListener {

    private static final Logger LOG = Logger.getLogger(EndpointMaildropListener.class.getName());

    private final MessageEndpointFactory factory;

    EndpointMaildropListener(MessageEndpointFactory factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @FunctionalInterface
    private interface Call<T> {
        T apply(MaildropListener listener) throws IOException, Pop3MaildropInUseException;
    }

    private <T> T call(Call<T> call) throws IOException, Pop3MaildropInUseException {
        MessageEndpoint endpoint;
        try {
            endpoint = factory.createEndpoint(null);
        } catch (UnavailableException e) {
            LOG.log(Level.WARNING, "no POP3 message endpoint available", e);
            throw new IOException("mail store temporarily unavailable", e);
        }
        try {
            return call.apply((MaildropListener) endpoint);
        } finally {
            endpoint.release();
        }
    }

    private <T> T callWithoutLock(Call<T> call) throws IOException {
        try {
            return call(call);
        } catch (Pop3MaildropInUseException e) {
            throw new IllegalStateException(e); // only open() declares it
        }
    }

    @Override
    public AuthenticationResult authenticate(InetSocketAddress clientAddress, boolean tls, Credentials credentials) {
        try {
            return callWithoutLock(l -> l.authenticate(clientAddress, tls, credentials));
        } catch (IOException e) {
            return AuthenticationResult.temporarilyUnavailable();
        }
    }

    @Override
    public List<Pop3MaildropEntry> open(AuthenticatedUser user) throws Pop3MaildropInUseException, IOException {
        return call(l -> l.open(user));
    }

    @Override
    public Map<String, byte[]> contents(AuthenticatedUser user, List<String> keys) throws IOException {
        return callWithoutLock(l -> l.contents(user, keys));
    }

    @Override
    public void commit(AuthenticatedUser user, List<String> deletedKeys) throws IOException {
        callWithoutLock(l -> {
            l.commit(user, deletedKeys);
            return null;
        });
    }

    @Override
    public void close(AuthenticatedUser user) {
        try {
            callWithoutLock(l -> {
                l.close(user);
                return null;
            });
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "releasing the maildrop of " + user.name() + " failed", e);
        }
    }
}
