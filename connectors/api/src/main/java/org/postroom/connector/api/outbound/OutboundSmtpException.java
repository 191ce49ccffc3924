package org.postroom.connector.api.outbound;

/** The outbound client cannot take work now (the adapter is stopping or not started); try again later. */
public class OutboundSmtpException extends Exception {

    private static final long serialVersionUID = 1L;

    public OutboundSmtpException(String message) {
        super(message);
    }

    public OutboundSmtpException(String message, Throwable cause) {
        super(message, cause);
    }
}
