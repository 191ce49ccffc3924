package org.postroom.pop3;

import jakarta.ejb.MessageDriven;
import org.postroom.connector.api.MaildropListener;
import org.postroom.mailbox.MaildropService;

/**
 * The POP3 (STLS) listener's bean; its socket settings are the activation spec postroom/postroom-ejb/Pop3Endpoint.
 * The calls are {@link MaildropService}'s, with its transaction attributes (ADR 0030).
 */
@MessageDriven(messageListenerInterface = MaildropListener.class)
public class Pop3Endpoint extends MaildropService {
}
