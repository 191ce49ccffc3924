package org.postroom.imap;

import jakarta.ejb.MessageDriven;

import org.postroom.connector.api.imap.MailboxSessionListener;

/** The IMAPS (implicit TLS) listener's bean; activation spec postroom/postroom-ejb/ImapsEndpoint. */
@MessageDriven(messageListenerInterface = MailboxSessionListener.class)
public class ImapsEndpoint extends ImapEndpointBase {
}
