package org.postroom.connector.ra;

import org.postroom.connector.ra.net.ListenerKind;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.InvalidPropertyException;
import org.postroom.connector.ra.pop3.Pop3ListenerSettings;

/**
 * The configuration of one POP3 listener, bound to the message-driven bean that implements
 * {@code MaildropListener}. Besides the properties every listener has (see {@link ListenerActivationSpec}):
 * {@code kind} pop3 (STLS, default port 2110) or pop3s (implicit TLS, 2995); {@code idleTimeoutSeconds} defaults to
 * 600 (RFC 1939 section 3: at least 10 minutes).
 */
public class Pop3ActivationSpec extends ListenerActivationSpec {

    private String kind = "pop3";

    public Pop3ActivationSpec() {
        super(600);
    }

    @Override
    public void validate() throws InvalidPropertyException {
        try {
            ListenerKind.parse("pop3", kind);
        } catch (IllegalArgumentException e) {
            throw new InvalidPropertyException(e.getMessage());
        }
        super.validate();
    }

    /** The listener's settings; loads or creates the TLS key material. */
    Pop3ListenerSettings toSettings() throws ResourceException {
        ListenerKind listenerKind = ListenerKind.parse("pop3", kind);
        return new Pop3ListenerSettings(listenerKind,
                networkSettings(listenerKind),
                resolvedHostname(), getAllowPlaintextAuthOnLoopback());
    }

    public String getKind() {
        return kind;
    }

    /** {@code pop3} or {@code pop3s}. */
    public void setKind(String kind) {
        if (kind != null) {
            this.kind = kind.trim();
        }
    }

    @Override
    public String toString() {
        return "Pop3ActivationSpec[kind=" + kind + ", " + commonProperties() + "]";
    }
}
