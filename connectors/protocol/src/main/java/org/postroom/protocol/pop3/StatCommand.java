package org.postroom.protocol.pop3;

/** STAT (RFC 1939 section 5): {@code +OK count octets} of the messages not marked deleted. */
final class StatCommand implements Pop3Command {

    @Override
    public void execute(Pop3Session session, String argument) {
        if (!argument.isEmpty()) {
            session.reply(Pop3Replies.SYNTAX_ERROR);
            return;
        }
        Maildrop maildrop = session.maildrop();
        session.reply(Pop3Reply.ok(maildrop.visibleCount() + " " + maildrop.visibleOctets()));
    }
}
