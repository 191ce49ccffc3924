package org.postroom.protocol.smtp;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.postroom.connector.api.AuthenticationResult;
import org.postroom.connector.api.Authenticator;
import org.postroom.connector.api.Credentials;
import org.postroom.protocol.sasl.SaslExchange;
import org.postroom.protocol.sasl.SaslMechanism;

/**
 * AUTH (RFC 4954) with the PLAIN and LOGIN mechanisms, with or without an initial response. The registry has
 * already checked that an authenticator exists, that the session is not authenticated and that the channel is
 * protected; this command runs the SASL exchange and then asks the {@link Authenticator}. Refused credentials are
 * answered after the delay of the protocol's {@link org.postroom.protocol.AuthFailurePolicy} (as POP3 and IMAP do),
 * and after {@link SmtpConfig#maxAuthFailures()} refusals the connection is closed.
 */
final class AuthCommand implements SmtpCommand {

    /** The mechanisms SMTP offers (listed in the EHLO reply). */
    static final Set<SaslMechanism> MECHANISMS = EnumSet.of(SaslMechanism.PLAIN, SaslMechanism.LOGIN);

    @Override
    public void execute(SmtpSession session, String argument) {
        String[] words = argument.split(" ", -1);
        if (argument.isEmpty() || words.length > 2 || words[0].isEmpty() || (words.length == 2 && words[1].isEmpty())) {
            session.reply(SmtpReplies.SYNTAX_ERROR.withText("Syntax: AUTH mechanism [initial-response]"));
            return;
        }
        Optional<SaslMechanism> mechanism = SaslMechanism.named(words[0], MECHANISMS);
        if (mechanism.isEmpty()) {
            session.reply(SmtpReplies.UNRECOGNIZED_AUTH_MECHANISM);
            return;
        }
        Optional<String> initialResponse = words.length == 2 ? Optional.of(words[1]) : Optional.empty();
        SaslExchange exchange = new SaslExchange(mechanism.get());
        session.sasl(exchange, exchange.start(initialResponse));
    }

    /** The exchange produced credentials: ask the authenticator and answer 235, 535 or 454. */
    static void authenticate(SmtpSession session, Credentials credentials) {
        Authenticator authenticator = session.protocol().authenticator().orElseThrow();
        AuthenticationResult result;
        try {
            result = authenticator.authenticate(session.context(), credentials);
        } catch (RuntimeException e) {
            session.logFailure("authenticator", e);
            session.reply(SmtpReplies.AUTHENTICATION_UNAVAILABLE);
            return;
        }
        if (result instanceof AuthenticationResult.Authenticated authenticated) {
            session.authenticationSucceeded();
            session.authenticated(authenticated.user());
            session.reply(SmtpReplies.AUTHENTICATION_SUCCEEDED);
        } else if (result instanceof AuthenticationResult.TemporarilyUnavailable) {
            session.reply(SmtpReplies.AUTHENTICATION_UNAVAILABLE);
        } else {
            session.authenticationFailed();
        }
    }
}
