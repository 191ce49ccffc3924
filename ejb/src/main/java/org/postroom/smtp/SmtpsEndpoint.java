package org.postroom.smtp;

import jakarta.ejb.MessageDriven;

import org.postroom.connector.api.SmtpAcceptanceListener;

/** The SMTPS (implicit TLS) listener's bean; its socket settings are the activation spec postroom/postroom-ejb/SmtpsEndpoint. */
@MessageDriven(messageListenerInterface = SmtpAcceptanceListener.class)
public class SmtpsEndpoint extends SmtpEndpointBase {
}
