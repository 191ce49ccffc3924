package org.postroom.pop3;

import jakarta.ejb.MessageDriven;
import org.postroom.connector.api.MaildropListener;

/** The POP3 (STLS) listener's bean; its socket settings are the activation spec postroom/postroom-ejb/Pop3Endpoint. */
@MessageDriven(messageListenerInterface = MaildropListener.class)
public class Pop3Endpoint extends Pop3EndpointBase {
}
