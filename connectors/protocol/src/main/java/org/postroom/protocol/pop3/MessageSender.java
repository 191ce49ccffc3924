package org.postroom.protocol.pop3;

import java.io.IOException;
import java.io.InputStream;
import org.postroom.connector.api.Pop3MaildropEntry;

/**
 * What RETR and TOP share: read the message from the listener and encode it as a multi-line response. The message
 * is encoded completely before anything is answered, so a store failure half-way still gets a clean
 * {@code -ERR [SYS/TEMP]} instead of a truncated message.
 */
final class MessageSender {

    private MessageSender() {
    }

    /** @param bodyLines the TOP line count, or negative for the whole message */
    static void send(Pop3Session session, Pop3MaildropEntry entry, long bodyLines) {
        try (InputStream content = session.listener().content(session.authenticatedUser(), entry.key())) {
            session.reply(Pop3MultiLine.ofMessage(Pop3Replies.MESSAGE_FOLLOWS, content, bodyLines));
        } catch (IOException | RuntimeException e) {
            session.logFailure("listener content()", e);
            session.reply(Pop3Replies.STORE_UNAVAILABLE);
        }
    }
}
