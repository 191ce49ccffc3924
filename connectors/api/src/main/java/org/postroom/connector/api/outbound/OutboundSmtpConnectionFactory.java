package org.postroom.connector.api.outbound;

/**
 * What the EJB side looks up ({@code @Resource(lookup = "eis/postroom/outbound-smtp")}): a factory of handles to the
 * adapter's outbound SMTP client. Close every handle (try-with-resources): an unclosed handle is never reclaimed.
 */
public interface OutboundSmtpConnectionFactory {

    /**
     * A handle to the outbound client.
     *
     * @throws OutboundSmtpException when the adapter is not started (for example during undeploy)
     */
    OutboundSmtpConnection getConnection() throws OutboundSmtpException;
}
