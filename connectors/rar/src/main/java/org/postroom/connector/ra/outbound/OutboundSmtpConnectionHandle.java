package org.postroom.connector.ra.outbound;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

import org.postroom.connector.api.outbound.OutboundSmtpConnection;
import org.postroom.connector.api.outbound.OutboundTransaction;
import org.postroom.connector.api.outbound.TransactionOutcome;

/** What {@code getConnection()} hands the application: a handle, not a socket. */
public final class OutboundSmtpConnectionHandle implements OutboundSmtpConnection {

    private volatile OutboundSmtpManagedConnection managed;
    private volatile boolean closed;

    OutboundSmtpConnectionHandle(OutboundSmtpManagedConnection managed) {
        this.managed = managed;
    }

    @Override
    public CompletionStage<TransactionOutcome> send(OutboundTransaction transaction) {
        Objects.requireNonNull(transaction, "transaction");
        OutboundSmtpManagedConnection mc = managed;
        if (closed || mc == null) {
            throw new IllegalStateException("outbound SMTP handle is closed");
        }
        return mc.send(transaction);
    }

    @Override
    public void close() {
        OutboundSmtpManagedConnection mc = managed;
        if (closed) {
            return;
        }
        closed = true;
        if (mc != null) {
            mc.closed(this);
        }
    }

    void associate(OutboundSmtpManagedConnection mc) {
        this.managed = mc;
    }

    /** The server destroyed or cleaned up the managed connection: the handle is dead. */
    void invalidate() {
        closed = true;
        managed = null;
    }
}
