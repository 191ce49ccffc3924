package org.postroom.connector.ra;

import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postroom.connector.api.Accepted;
import org.postroom.connector.api.AuthenticationResult;
import org.postroom.connector.api.Credentials;
import org.postroom.connector.api.MailParameters;
import org.postroom.connector.api.Mailbox;
import org.postroom.connector.api.RejectException;
import org.postroom.connector.api.ReversePath;
import org.postroom.connector.api.SessionContext;
import org.postroom.connector.api.SmtpAcceptanceListener;

/**
 * The {@link SmtpAcceptanceListener} the network core calls, backed by the message-driven bean: each call creates a
 * message endpoint ({@code createEndpoint(null)}), makes the one call and releases it. Endpoints are never held per
 * connection (Liberty allows 500 live endpoints per MDB).
 *
 * <p>
 * When no endpoint can be created (the application is starting or stopping), the client gets a temporary failure
 * ({@code 451 4.3.0}, or {@code 454 4.7.0} for AUTH) and will retry.
 */
final class EndpointSmtpAcceptanceListener implements SmtpAcceptanceListener {

    private static final Logger LOG = Logger.getLogger(EndpointSmtpAcceptanceListener.class.getName());

    private final MessageEndpointFactory factory;

    EndpointSmtpAcceptanceListener(MessageEndpointFactory factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @FunctionalInterface
    private interface Call<T> {
        T apply(SmtpAcceptanceListener listener) throws RejectException, IOException;
    }

    private <T> T call(Call<T> call) throws RejectException, IOException {
        MessageEndpoint endpoint;
        try {
            endpoint = factory.createEndpoint(null);
        } catch (UnavailableException e) {
            LOG.log(Level.WARNING, "no SMTP message endpoint available", e);
            throw new RejectException(451, "4.3.0", "Service temporarily unavailable, try again later");
        }
        try {
            return call.apply((SmtpAcceptanceListener) endpoint);
        } finally {
            endpoint.release();
        }
    }

    @Override
    public java.time.Duration checkSender(SessionContext session, ReversePath from, MailParameters parameters)
            throws RejectException {
        try {
            return call(l -> l.checkSender(session, from, parameters));
        } catch (IOException e) {
            throw new IllegalStateException(e); // checkSender declares no IOException
        }
    }

    @Override
    public void checkRecipient(SessionContext session, ReversePath from, MailParameters parameters,
            Mailbox recipient) throws RejectException {
        try {
            call(l -> {
                l.checkRecipient(session, from, parameters, recipient);
                return null;
            });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Accepted accept(SessionContext session, String queueId, ReversePath from, List<Mailbox> recipients,
            InputStream content, long size) throws RejectException, IOException {
        return call(l -> l.accept(session, queueId, from, recipients, content, size));
    }

    @Override
    public AuthenticationResult authenticate(SessionContext session, Credentials credentials) {
        try {
            return call(l -> l.authenticate(session, credentials));
        } catch (RejectException | IOException e) {
            return AuthenticationResult.temporarilyUnavailable();
        }
    }
}
