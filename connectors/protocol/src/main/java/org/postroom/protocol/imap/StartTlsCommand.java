package org.postroom.protocol.imap;

/**
 * STARTTLS (RFC 3501 section 6.2.1). The OK goes out in plaintext; from then on the session discards input until
 * the handshake completed, so commands pipelined after STARTTLS in plaintext are never executed.
 */
final class StartTlsCommand implements ImapCommand {

    @Override
    public void execute(ImapSession session, Invocation call) throws ImapSyntaxException {
        call.args().end();
        session.ok(call.tag(), "Begin TLS negotiation now");
        session.awaitTls();
    }
}
