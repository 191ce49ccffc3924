package org.postroom.protocol.pop3;

/** STLS (RFC 2595 section 4): the registry checked TLS is available and not yet active. */
final class StlsCommand implements Pop3Command {

    @Override
    public void execute(Pop3Session session, String argument) {
        if (!argument.isEmpty()) {
            session.reply(Pop3Replies.SYNTAX_ERROR);
            return;
        }
        session.reply(Pop3Replies.BEGIN_TLS);
        session.awaitTls();
    }
}
