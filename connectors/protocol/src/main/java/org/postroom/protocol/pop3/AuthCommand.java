package org.postroom.protocol.pop3;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.postroom.protocol.sasl.SaslExchange;
import org.postroom.protocol.sasl.SaslMechanism;

/**
 * AUTH PLAIN [initial-response] (RFC 5034, RFC 4616). Without an initial response the server answers {@code + }
 * and the next line is the response ({@code *} cancels). {@code =} is the empty initial response.
 */
final class AuthCommand implements Pop3Command {

    /** The mechanisms POP3 offers (listed by CAPA). */
    static final Set<SaslMechanism> MECHANISMS = EnumSet.of(SaslMechanism.PLAIN);

    @Override
    public void execute(Pop3Session session, String argument) {
        int space = argument.indexOf(' ');
        String name = space < 0 ? argument : argument.substring(0, space);
        if (name.isEmpty()) {
            session.reply(Pop3Replies.SYNTAX_ERROR);
            return;
        }
        Optional<SaslMechanism> mechanism = SaslMechanism.named(name, MECHANISMS);
        if (mechanism.isEmpty()) {
            session.reply(Pop3Replies.UNSUPPORTED_MECHANISM);
            return;
        }
        SaslExchange exchange = new SaslExchange(mechanism.get());
        Optional<String> initialResponse = space < 0 ? Optional.empty() : Optional.of(argument.substring(space + 1));
        session.sasl(exchange, exchange.start(initialResponse));
    }
}
