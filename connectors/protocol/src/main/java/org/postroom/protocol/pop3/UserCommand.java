package org.postroom.protocol.pop3;

import java.util.Optional;

/** USER name (RFC 1939 section 7): remembered for the PASS that must follow. */
final class UserCommand implements Pop3Command {

    @Override
    public void execute(Pop3Session session, String argument) {
        if (argument.isEmpty() || argument.contains(" ")) {
            session.pendingUser(Optional.empty());
            session.reply(Pop3Replies.SYNTAX_ERROR);
            return;
        }
        session.pendingUser(Optional.of(argument));
        session.reply(Pop3Replies.USER_ACCEPTED);
    }
}
