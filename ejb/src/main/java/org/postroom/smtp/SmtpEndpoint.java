package org.postroom.smtp;

import jakarta.ejb.MessageDriven;

import org.postroom.connector.api.SmtpAcceptanceListener;
import org.postroom.mail.AcceptanceService;

/**
 * The SMTP (MX) listener's bean; its socket settings are the activation spec postroom/postroom-ejb/SmtpEndpoint. The calls are
 * {@link AcceptanceService}'s, with its transaction attributes (ADR 0030).
 */
@MessageDriven(messageListenerInterface = SmtpAcceptanceListener.class)
public class SmtpEndpoint extends AcceptanceService {
}
