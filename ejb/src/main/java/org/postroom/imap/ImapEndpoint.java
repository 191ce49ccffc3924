package org.postroom.imap;

import jakarta.ejb.MessageDriven;

import org.postroom.connector.api.imap.MailboxSessionListener;

/** The IMAP (STARTTLS) listener's bean; its socket settings are the activation spec postroom/postroom-ejb/ImapEndpoint. */
@MessageDriven(messageListenerInterface = MailboxSessionListener.class)
public class ImapEndpoint extends ImapEndpointBase {
}
