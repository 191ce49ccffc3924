package org.postroom.imap;

import jakarta.ejb.MessageDriven;

import org.postroom.connector.api.imap.MailboxSessionListener;
import org.postroom.mailbox.ImapMailboxService;

/**
 * The IMAPS (implicit TLS) listener's bean; activation spec postroom/postroom-ejb/ImapsEndpoint.
 * The calls are {@link ImapMailboxService}'s, with its transaction attributes (ADR 0030).
 */
@MessageDriven(messageListenerInterface = MailboxSessionListener.class)
public class ImapsEndpoint extends ImapMailboxService {
}
