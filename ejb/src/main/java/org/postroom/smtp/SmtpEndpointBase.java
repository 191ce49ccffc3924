package org.postroom.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.ejb.EJB;

import org.postroom.connector.api.Accepted;
import org.postroom.connector.api.AuthenticatedUser;
import org.postroom.connector.api.AuthenticationResult;
import org.postroom.connector.api.Credentials;
import org.postroom.connector.api.MailParameters;
import org.postroom.connector.api.Mailbox;
import org.postroom.connector.api.RejectException;
import org.postroom.connector.api.ReversePath;
import org.postroom.connector.api.SessionContext;
import org.postroom.connector.api.SmtpAcceptanceListener;
import org.postroom.domain.EmailAddress;
import org.postroom.domain.InvalidAddressException;
import org.postroom.mail.AcceptanceService;
import org.postroom.mail.AcceptedMessage;
import org.postroom.mail.MailRejection;
import org.postroom.mail.SmtpSessionInfo;
import org.postroom.service.UserAuthenticationService;

/**
 * The SMTP listeners' message-driven beans: translate the adapter's values to the services' and back, nothing else.
 * One concrete bean per listener (MX, submission, SMTPS), because each has its own activation spec in server.xml.
 */
abstract class SmtpEndpointBase implements SmtpAcceptanceListener {

    @EJB
    AcceptanceService acceptance;
    @EJB
    UserAuthenticationService authentication;

    @Override
    public java.time.Duration checkSender(SessionContext session, ReversePath from, MailParameters parameters)
            throws RejectException {
        try {
            return acceptance.checkSender(info(session), sender(from));
        } catch (MailRejection e) {
            throw reject(e);
        }
    }

    @Override
    public void checkRecipient(SessionContext session, ReversePath from, MailParameters parameters, Mailbox recipient)
            throws RejectException {
        try {
            acceptance.checkRecipient(info(session), sender(from), recipient(recipient),
                    parameters.declaredSize().orElse(0));
        } catch (MailRejection e) {
            throw reject(e);
        }
    }

    @Override
    public Accepted accept(SessionContext session, String queueId, ReversePath from, List<Mailbox> recipients,
            InputStream content, long size) throws RejectException, IOException {
        List<EmailAddress> addresses = new ArrayList<>(recipients.size());
        for (Mailbox m : recipients) {
            addresses.add(recipient(m));
        }
        try {
            AcceptedMessage accepted = acceptance.accept(info(session), queueId, sender(from), addresses, content,
                    size);
            return new Accepted(accepted.queueId());
        } catch (MailRejection e) {
            throw reject(e);
        }
    }

    @Override
    public AuthenticationResult authenticate(SessionContext session, Credentials credentials) {
        return authentication.authenticate(credentials.username(), credentials.password())
                .<AuthenticationResult>map(
                        login -> new AuthenticationResult.Authenticated(new AuthenticatedUser(login)))
                .orElseGet(AuthenticationResult.InvalidCredentials::new);
    }

    static SmtpSessionInfo info(SessionContext session) {
        InetAddress address = session.clientAddress().getAddress();
        String client = address == null ? session.clientAddress().getHostString() : address.getHostAddress();
        return new SmtpSessionInfo(client, session.authenticatedUser().map(AuthenticatedUser::name), session.tls());
    }

    static Optional<EmailAddress> sender(ReversePath from) throws RejectException {
        if (from.mailbox().isEmpty()) {
            return Optional.empty();
        }
        Mailbox m = from.mailbox().get();
        try {
            return Optional.of(EmailAddress.of(m.localPart(), m.domain()));
        } catch (InvalidAddressException e) {
            throw new RejectException(553, "5.1.7", "Sender address not supported here: " + e.getMessage());
        }
    }

    static EmailAddress recipient(Mailbox m) throws RejectException {
        try {
            return EmailAddress.of(m.localPart(), m.domain());
        } catch (InvalidAddressException e) {
            throw new RejectException(553, "5.1.3", "Recipient address not supported here: " + e.getMessage());
        }
    }

    static RejectException reject(MailRejection e) {
        return new RejectException(e.code(), e.enhancedCode(), e.text());
    }
}
