package org.postroom.protocol.pop3;

import java.util.ArrayList;
import java.util.List;

/**
 * CAPA (RFC 2449 section 5). USER and SASL PLAIN are listed only where plaintext passwords are allowed (RFC 2595
 * section 4); STLS only where TLS can start and has not; USER, SASL and STLS only in AUTHORIZATION.
 */
final class CapaCommand implements Pop3Command {

    @Override
    public void execute(Pop3Session session, String argument) {
        if (!argument.isEmpty()) {
            session.reply(Pop3Replies.SYNTAX_ERROR);
            return;
        }
        List<String> lines = new ArrayList<>(List.of("TOP", "UIDL", "RESP-CODES", "PIPELINING"));
        if (session.state() == Pop3State.AUTHORIZATION) {
            lines.add("AUTH-RESP-CODE");
            if (session.authChannelSecure()) {
                lines.add("USER");
                lines.add("SASL PLAIN");
            }
            if (session.config().startTlsAvailable() && !session.isTls()) {
                lines.add("STLS");
            }
        }
        lines.add("IMPLEMENTATION Postroom");
        session.reply(Pop3MultiLine.ofLines(Pop3Replies.CAPABILITIES, lines));
    }
}
