package org.postroom.connector.ra.outbound;

import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import java.io.Serializable;
import javax.naming.Reference;

import org.postroom.connector.api.outbound.OutboundSmtpConnection;
import org.postroom.connector.api.outbound.OutboundSmtpConnectionFactory;
import org.postroom.connector.api.outbound.OutboundSmtpException;

/** The connection factory bound at {@code eis/postroom/outbound-smtp}. */
public final class OutboundSmtpConnectionFactoryImpl
        implements
            OutboundSmtpConnectionFactory,
            Serializable,
            Referenceable {

    private static final long serialVersionUID = 1L;

    private final transient OutboundSmtpManagedConnectionFactory factory;
    private final transient ConnectionManager connectionManager;
    private Reference reference;

    OutboundSmtpConnectionFactoryImpl(OutboundSmtpManagedConnectionFactory factory,
            ConnectionManager connectionManager) {
        this.factory = factory;
        this.connectionManager = connectionManager;
    }

    @Override
    public OutboundSmtpConnection getConnection() throws OutboundSmtpException {
        try {
            return (OutboundSmtpConnection) connectionManager.allocateConnection(factory, null);
        } catch (ResourceException e) {
            throw new OutboundSmtpException("outbound SMTP client unavailable: " + e.getMessage(), e);
        }
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }
}
