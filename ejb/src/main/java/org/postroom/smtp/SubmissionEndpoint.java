package org.postroom.smtp;

import jakarta.ejb.MessageDriven;

import org.postroom.connector.api.SmtpAcceptanceListener;

/** The submission (AUTH required) listener's bean; its socket settings are the activation spec postroom/postroom-ejb/SubmissionEndpoint. */
@MessageDriven(messageListenerInterface = SmtpAcceptanceListener.class)
public class SubmissionEndpoint extends SmtpEndpointBase {
}
