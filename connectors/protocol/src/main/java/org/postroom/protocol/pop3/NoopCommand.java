package org.postroom.protocol.pop3;

/** NOOP (RFC 1939 section 5). */
final class NoopCommand implements Pop3Command {

    @Override
    public void execute(Pop3Session session, String argument) {
        session.reply(argument.isEmpty() ? Pop3Replies.OK : Pop3Replies.SYNTAX_ERROR);
    }
}
