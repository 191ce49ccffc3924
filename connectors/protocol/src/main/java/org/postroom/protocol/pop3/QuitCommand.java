package org.postroom.protocol.pop3;

/** QUIT (RFC 1939 sections 5 and 6): in TRANSACTION, commits the deletions first; any argument is ignored. */
final class QuitCommand implements Pop3Command {

    @Override
    public void execute(Pop3Session session, String argument) {
        session.quit();
    }
}
