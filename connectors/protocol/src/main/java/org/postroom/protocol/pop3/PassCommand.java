package org.postroom.protocol.pop3;

import java.util.Optional;
import org.postroom.connector.api.Credentials;

/**
 * PASS string (RFC 1939 section 7), right after USER. The whole rest of the line is the password, spaces included.
 * Either way the USER is used up: a failed PASS needs a new USER.
 */
final class PassCommand implements Pop3Command {

    @Override
    public void execute(Pop3Session session, String argument) {
        Optional<String> user = session.pendingUser();
        if (user.isEmpty()) {
            session.reply(Pop3Replies.USER_FIRST);
            return;
        }
        session.authenticate(new Credentials(user.get(), argument));
    }
}
