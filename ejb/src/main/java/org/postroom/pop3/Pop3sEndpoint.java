package org.postroom.pop3;

import jakarta.ejb.MessageDriven;
import org.postroom.connector.api.MaildropListener;
import org.postroom.mailbox.MaildropService;

/**
 * The POP3S (implicit TLS) listener's bean; activation spec postroom/postroom-ejb/Pop3sEndpoint.
 * The calls are {@link MaildropService}'s, with its transaction attributes (ADR 0030).
 */
@MessageDriven(messageListenerInterface = MaildropListener.class)
public class Pop3sEndpoint extends MaildropService {
}
