package org.postroom.protocol.pop3;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.postroom.connector.api.Pop3MaildropEntry;

/**
 * What RETR and TOP share: read the message from the listener and encode it as a multi-line response. The message
 * is encoded completely before anything is answered, so a store failure half-way still gets a clean
 * {@code -ERR [SYS/TEMP]} instead of a truncated message.
 */
final class MessageSender {

    private MessageSender() {
    }

    /**
     * @param number the message number the client gave (visible, checked by the caller)
     * @param bodyLines the TOP line count, or negative for the whole message (RETR)
     */
    static void send(Pop3Session session, long number, Pop3MaildropEntry entry, long bodyLines) {
        Maildrop maildrop = session.maildrop();
        boolean retr = bodyLines < 0;
        try {
            Optional<byte[]> content = maildrop.cached(entry.key(), retr);
            if (content.isEmpty()) {
                Map<String, byte[]> fetched = new HashMap<>(
                        session.listener().contents(session.authenticatedUser(), maildrop.keysFrom(number)));
                content = Optional.ofNullable(retr ? fetched.remove(entry.key()) : fetched.get(entry.key()));
                maildrop.readAhead(fetched);
            }
            if (content.isEmpty()) {
                session.reply(Pop3Replies.MESSAGE_GONE);
                return;
            }
            session.reply(Pop3MultiLine.ofMessage(Pop3Replies.MESSAGE_FOLLOWS, content.get(), bodyLines));
        } catch (IOException | RuntimeException e) {
            session.logFailure("listener contents()", e);
            session.reply(Pop3Replies.STORE_UNAVAILABLE);
        }
    }
}
