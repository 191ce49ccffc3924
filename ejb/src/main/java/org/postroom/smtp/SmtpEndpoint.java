package org.postroom.smtp;

import jakarta.ejb.MessageDriven;

import org.postroom.connector.api.SmtpAcceptanceListener;

/** The SMTP (MX) listener's bean; its socket settings are the activation spec postroom/postroom-ejb/SmtpEndpoint. */
@MessageDriven(messageListenerInterface = SmtpAcceptanceListener.class)
public class SmtpEndpoint extends SmtpEndpointBase {
}
