package org.postroom.protocol.imap;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.postroom.protocol.sasl.SaslExchange;
import org.postroom.protocol.sasl.SaslMechanism;

/**
 * AUTHENTICATE mechanism [initial-response] (RFC 3501 section 6.2.2, RFC 4959 SASL-IR): PLAIN and LOGIN. Responses
 * arrive as lines in {@link ImapInputMode#SASL_RESPONSE}; {@code *} cancels with BAD.
 */
final class AuthenticateCommand implements ImapCommand {

    /** The mechanisms IMAP offers (listed as AUTH= capabilities). */
    static final Set<SaslMechanism> MECHANISMS = EnumSet.of(SaslMechanism.PLAIN, SaslMechanism.LOGIN);

    @Override
    public void execute(ImapSession session, Invocation call) throws ImapSyntaxException {
        ImapParser p = call.args();
        p.space();
        String name = p.atom();
        Optional<String> initial = Optional.empty();
        if (p.accept(' ')) {
            initial = Optional.of(p.word());
            if (initial.get().isEmpty()) {
                throw new ImapSyntaxException("Empty initial response");
            }
        }
        p.end();
        Optional<SaslMechanism> mechanism = SaslMechanism.named(name, MECHANISMS);
        if (mechanism.isEmpty()) {
            session.complete(call.tag(), ImapReplies.UNSUPPORTED_MECHANISM);
            return;
        }
        session.startSasl(call.tag(), new SaslExchange(mechanism.get()), initial);
    }
}
