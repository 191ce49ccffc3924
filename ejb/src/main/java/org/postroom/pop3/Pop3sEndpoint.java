package org.postroom.pop3;

import jakarta.ejb.MessageDriven;
import org.postroom.connector.api.MaildropListener;

/** The POP3S (implicit TLS) listener's bean; activation spec postroom/postroom-ejb/Pop3sEndpoint. */
@MessageDriven(messageListenerInterface = MaildropListener.class)
public class Pop3sEndpoint extends Pop3EndpointBase {
}
