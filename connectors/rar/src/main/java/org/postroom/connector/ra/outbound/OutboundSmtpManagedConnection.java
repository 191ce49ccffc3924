package org.postroom.connector.ra.outbound;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;

import org.postroom.connector.api.outbound.OutboundTransaction;
import org.postroom.connector.api.outbound.TransactionOutcome;

/**
 * A managed connection of the outbound SMTP definition: not a socket, a light link to the adapter's
 * {@link OutboundClient}. NoTransaction: sending is never part of the caller's transaction (the caller sends after
 * its commit and records the outcome in a transaction of its own).
 */
final class OutboundSmtpManagedConnection implements ManagedConnection {

    private final OutboundSmtpManagedConnectionFactory factory;
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<OutboundSmtpConnectionHandle> handles = ConcurrentHashMap.newKeySet();
    private PrintWriter logWriter;

    OutboundSmtpManagedConnection(OutboundSmtpManagedConnectionFactory factory) {
        this.factory = factory;
    }

    OutboundSmtpManagedConnectionFactory factory() {
        return factory;
    }

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) {
        OutboundSmtpConnectionHandle handle = new OutboundSmtpConnectionHandle(this);
        handles.add(handle);
        return handle;
    }

    CompletionStage<TransactionOutcome> send(OutboundTransaction transaction) {
        return factory.send(transaction);
    }

    /** The application closed a handle: the server may pool this managed connection again. */
    void closed(OutboundSmtpConnectionHandle handle) {
        handles.remove(handle);
        ConnectionEvent event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_CLOSED);
        event.setConnectionHandle(handle);
        listeners.forEach(l -> l.connectionClosed(event));
    }

    @Override
    public void destroy() {
        cleanup();
    }

    @Override
    public void cleanup() {
        handles.forEach(OutboundSmtpConnectionHandle::invalidate);
        handles.clear();
    }

    @Override
    public void associateConnection(Object connection) throws ResourceException {
        if (!(connection instanceof OutboundSmtpConnectionHandle handle)) {
            throw new ResourceException("not an outbound SMTP handle: " + connection);
        }
        handle.associate(this);
        handles.add(handle);
    }

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public XAResource getXAResource() throws ResourceException {
        throw new NotSupportedException("outbound SMTP is not transactional (NoTransaction)");
    }

    @Override
    public LocalTransaction getLocalTransaction() throws ResourceException {
        throw new NotSupportedException("outbound SMTP is not transactional (NoTransaction)");
    }

    @Override
    public ManagedConnectionMetaData getMetaData() {
        return new ManagedConnectionMetaData() {
            @Override
            public String getEISProductName() {
                return "Postroom outbound SMTP";
            }

            @Override
            public String getEISProductVersion() {
                return "1";
            }

            @Override
            public int getMaxConnections() {
                return 0;
            }

            @Override
            public String getUserName() {
                return "";
            }
        };
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }
}
