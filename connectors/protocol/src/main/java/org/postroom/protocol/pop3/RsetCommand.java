package org.postroom.protocol.pop3;

/** RSET (RFC 1939 section 5): unmarks every message marked deleted. */
final class RsetCommand implements Pop3Command {

    @Override
    public void execute(Pop3Session session, String argument) {
        if (!argument.isEmpty()) {
            session.reply(Pop3Replies.SYNTAX_ERROR);
            return;
        }
        session.maildrop().undeleteAll();
        Maildrop maildrop = session.maildrop();
        session.reply(Pop3Reply.ok("Maildrop has " + maildrop.visibleCount() + " messages (" + maildrop.visibleOctets()
                + " octets)"));
    }
}
