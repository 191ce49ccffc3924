package org.postroom.imap;

import jakarta.ejb.MessageDriven;

import org.postroom.connector.api.imap.MailboxSessionListener;
import org.postroom.mailbox.ImapMailboxService;

/**
 * The IMAP (STARTTLS) listener's bean; its socket settings are the activation spec postroom/postroom-ejb/ImapEndpoint.
 * The calls are {@link ImapMailboxService}'s, with its transaction attributes (ADR 0030).
 */
@MessageDriven(messageListenerInterface = MailboxSessionListener.class)
public class ImapEndpoint extends ImapMailboxService {
}
