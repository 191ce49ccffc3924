package org.postroom.connector.ra.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.postroom.connector.ra.outbound.OutboundTesting.tx;

import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkManager;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postroom.connector.api.outbound.OutboundSmtpConnection;
import org.postroom.connector.api.outbound.OutboundSmtpConnectionFactory;
import org.postroom.connector.api.outbound.OutboundSmtpException;
import org.postroom.connector.api.outbound.RecipientOutcome.Status;
import org.postroom.connector.api.outbound.TransactionOutcome;
import org.postroom.connector.ra.PostroomResourceAdapter;

/**
 * The JCA outbound path as the EJB side uses it: the connection factory of the resource adapter, a handle in
 * try-with-resources, {@code send}, against a real receiver on loopback. The adapter runs on a fake WorkManager.
 */
class OutboundSmtpConnectionFactoryTest {

    private final PostroomResourceAdapter ra = new PostroomResourceAdapter();
    private TestReceiver receiver;

    @AfterEach
    void stop() throws Exception {
        ra.stop();
        if (receiver != null) {
            receiver.close();
        }
    }

    private OutboundSmtpManagedConnectionFactory managedFactory() {
        OutboundSmtpManagedConnectionFactory mcf = new OutboundSmtpManagedConnectionFactory();
        mcf.setResourceAdapter(ra);
        mcf.setMaxPerHost(2);
        mcf.setIdleTimeout(1);
        return mcf;
    }

    @Test
    void aHandleFromTheFactorySendsThroughTheAdaptersClientOnItsOwnThreads() throws Exception {
        ra.setIoThreads(1);
        ra.setDispatchThreads(2);
        ra.start(bootstrapContext());
        receiver = new TestReceiver();
        OutboundSmtpConnectionFactory factory = (OutboundSmtpConnectionFactory) managedFactory()
                .createConnectionFactory();
        TransactionOutcome outcome;
        try (OutboundSmtpConnection connection = factory.getConnection()) {
            outcome = OutboundTesting.await(connection.send(tx(receiver.host(), "bob@remote.test")));
        }
        assertEquals(Status.DELIVERED, outcome.recipients().get(0).status(), outcome.recipients().get(0).reply());
        assertEquals(1, receiver.messages.size());
    }

    @Test
    void aClosedHandleRefusesToSendAndTellsTheConnectionManager() throws Exception {
        ra.start(bootstrapContext());
        OutboundSmtpManagedConnectionFactory mcf = managedFactory();
        OutboundSmtpManagedConnection managed = (OutboundSmtpManagedConnection) mcf.createManagedConnection(null,
                null);
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        managed.addConnectionEventListener(listener(events));
        OutboundSmtpConnection handle = (OutboundSmtpConnection) managed.getConnection(null, null);
        handle.close();
        assertEquals(1, events.size());
        assertEquals(ConnectionEvent.CONNECTION_CLOSED, events.get(0).getId());
        assertEquals(handle, events.get(0).getConnectionHandle());
        assertThrows(IllegalStateException.class,
                () -> handle.send(tx(OutboundTesting.refusingHost("x.test"), "a@remote.test")));
    }

    @Test
    void anAdapterThatIsNotStartedRefusesConnections() throws Exception {
        OutboundSmtpConnectionFactory factory = (OutboundSmtpConnectionFactory) managedFactory()
                .createConnectionFactory();
        assertThrows(OutboundSmtpException.class, factory::getConnection);
    }

    @Test
    void aHandleWhoseAdapterStoppedDefersInsteadOfThrowing() throws Exception {
        ra.start(bootstrapContext());
        OutboundSmtpConnectionFactory factory = (OutboundSmtpConnectionFactory) managedFactory()
                .createConnectionFactory();
        try (OutboundSmtpConnection connection = factory.getConnection()) {
            ra.stop();
            TransactionOutcome o = OutboundTesting.await(connection.send(tx(OutboundTesting.refusingHost("x.test"),
                    "a@remote.test")));
            assertEquals(Status.DEFERRED, o.recipients().get(0).status());
        }
    }

    private static ConnectionEventListener listener(List<ConnectionEvent> events) {
        return new ConnectionEventListener() {
            @Override
            public void connectionClosed(ConnectionEvent event) {
                events.add(event);
            }

            @Override
            public void localTransactionStarted(ConnectionEvent event) {
            }

            @Override
            public void localTransactionCommitted(ConnectionEvent event) {
            }

            @Override
            public void localTransactionRolledback(ConnectionEvent event) {
            }

            @Override
            public void connectionErrorOccurred(ConnectionEvent event) {
            }
        };
    }

    private static BootstrapContext bootstrapContext() {
        WorkManager workManager = proxy(WorkManager.class, (p, m, args) -> {
            if (m.getName().equals("scheduleWork")) {
                Work work = (Work) args[0];
                Thread t = new Thread(work, "test-work");
                t.setDaemon(true);
                t.start();
                return null;
            }
            throw new UnsupportedOperationException(m.getName());
        });
        return proxy(BootstrapContext.class, (p, m, args) -> {
            if (m.getName().equals("getWorkManager")) {
                return workManager;
            }
            throw new UnsupportedOperationException(m.getName());
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, handler);
    }
}
