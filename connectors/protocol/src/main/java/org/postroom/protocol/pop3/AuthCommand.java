package org.postroom.protocol.pop3;

import java.util.Locale;
import java.util.Optional;
import org.postroom.connector.api.Credentials;
import org.postroom.protocol.SaslText;

/**
 * AUTH PLAIN [initial-response] (RFC 5034, RFC 4616). Without an initial response the server answers {@code + }
 * and the next line is the response ({@code *} cancels). {@code =} is the empty initial response.
 */
final class AuthCommand implements Pop3Command {

    @Override
    public void execute(Pop3Session session, String argument) {
        int space = argument.indexOf(' ');
        String mechanism = space < 0 ? argument : argument.substring(0, space);
        if (mechanism.isEmpty()) {
            session.reply(Pop3Replies.SYNTAX_ERROR);
            return;
        }
        if (!mechanism.toUpperCase(Locale.ROOT).equals("PLAIN")) {
            session.reply(Pop3Replies.UNSUPPORTED_MECHANISM);
            return;
        }
        if (space < 0) {
            session.awaitSaslResponse();
            return;
        }
        String initial = argument.substring(space + 1);
        complete(session, initial.equals("=") ? "" : initial);
    }

    /** A PLAIN response {@code base64(authzid NUL authcid NUL passwd)}; an authzid other than authcid is refused. */
    static void complete(Pop3Session session, String base64) {
        Optional<Credentials> credentials = decode(base64);
        if (credentials.isEmpty()) {
            session.reply(Pop3Replies.CANNOT_DECODE);
            return;
        }
        session.authenticate(credentials.get());
    }

    private static Optional<Credentials> decode(String base64) {
        Optional<String> decoded = SaslText.decode(base64);
        if (decoded.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = decoded.get().split("\0", -1);
        if (parts.length != 3 || parts[1].isEmpty() || (!parts[0].isEmpty() && !parts[0].equals(parts[1]))) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(parts[1], parts[2]));
    }
}
