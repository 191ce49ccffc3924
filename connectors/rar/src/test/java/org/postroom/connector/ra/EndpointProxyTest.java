package org.postroom.connector.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.postroom.connector.api.AuthenticatedUser;
import org.postroom.connector.api.AuthenticationResult;
import org.postroom.connector.api.Credentials;
import org.postroom.connector.api.MailParameters;
import org.postroom.connector.api.MailAddress;
import org.postroom.connector.api.MaildropListener;
import org.postroom.connector.api.Pop3MaildropInUseException;
import org.postroom.connector.api.RejectException;
import org.postroom.connector.api.ReversePath;
import org.postroom.connector.api.SmtpAcceptanceListener;
import org.postroom.connector.api.imap.MailboxException;
import org.postroom.connector.api.imap.MailboxSessionListener;

/**
 * The generic endpoint proxy with a fake container: one endpoint per call, always released, the bean's exceptions
 * unchanged, and what each listener gets when the container has no endpoint to give.
 */
class EndpointProxyTest {

    private static final Supplier<IOException> UNAVAILABLE = () -> new IOException("unavailable");
    private static final AuthenticatedUser ALICE = new AuthenticatedUser("alice@example.org");

    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger released = new AtomicInteger();
    private boolean containerStopping;

    /** A factory whose endpoints pass each call to {@code bean}, or none at all while the container is stopping. */
    private <T> MessageEndpointFactory factory(Class<T> listener, T bean) {
        return (MessageEndpointFactory) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{MessageEndpointFactory.class}, (p, m, args) -> {
                    if (!m.getName().equals("createEndpoint")) {
                        throw new UnsupportedOperationException(m.getName());
                    }
                    if (containerStopping) {
                        throw new UnavailableException("Limit = 500");
                    }
                    created.incrementAndGet();
                    return Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[]{listener, MessageEndpoint.class}, (e, method, a) -> {
                                if (method.getName().equals("release")) {
                                    released.incrementAndGet();
                                    return null;
                                }
                                try {
                                    return method.invoke(bean, a);
                                } catch (InvocationTargetException thrown) {
                                    throw thrown.getCause();
                                }
                            });
                });
    }

    /** A bean implementing only what a test calls; every other method is not expected. */
    @SuppressWarnings("unchecked")
    private static <T> T bean(Class<T> listener, java.lang.reflect.InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(EndpointProxyTest.class.getClassLoader(), new Class<?>[]{listener},
                handler);
    }

    @Test
    void everyCallGetsItsOwnEndpointReleasedAfterIt() throws Exception {
        MailboxSessionListener bean = bean(MailboxSessionListener.class,
                (p, m, a) -> m.getName().equals("mailboxes") ? List.of() : java.util.Set.of());
        MailboxSessionListener imap = EndpointProxy.of(MailboxSessionListener.class,
                factory(MailboxSessionListener.class, bean), UNAVAILABLE);

        imap.mailboxes(ALICE, "");
        imap.subscriptions(ALICE);
        imap.mailboxes(ALICE, "");

        assertEquals(3, created.get());
        assertEquals(3, released.get());
    }

    @Test
    void aDeclaredExceptionOfTheBeanReachesTheEngineUnchangedAndTheEndpointIsReleased() {
        MailboxException refusal = new MailboxException(MailboxException.Reason.CANNOT, "INBOX stays");
        MailboxSessionListener bean = bean(MailboxSessionListener.class, (p, m, a) -> {
            throw refusal;
        });
        MailboxSessionListener imap = EndpointProxy.of(MailboxSessionListener.class,
                factory(MailboxSessionListener.class, bean), UNAVAILABLE);

        assertSame(refusal, assertThrows(MailboxException.class, () -> imap.delete(ALICE, "INBOX")));
        assertEquals(1, released.get());
    }

    @Test
    void aRuntimeExceptionOfTheBeanReachesTheEngineUnchanged() {
        IllegalStateException broken = new IllegalStateException("database down");
        MaildropListener bean = bean(MaildropListener.class, (p, m, a) -> {
            throw broken;
        });
        MaildropListener pop3 = EndpointProxy.of(MaildropListener.class, factory(MaildropListener.class, bean),
                UNAVAILABLE);

        assertSame(broken, assertThrows(IllegalStateException.class, () -> pop3.contents(ALICE, List.of("1"))));
        assertEquals(1, released.get());
    }

    @Test
    void withoutAnEndpointImapAuthenticationIsTemporarilyUnavailableAndOtherCallsThrowIoException() {
        MailboxSessionListener imap = EndpointProxy.of(MailboxSessionListener.class,
                factory(MailboxSessionListener.class, null), UNAVAILABLE);
        containerStopping = true;

        assertInstanceOf(AuthenticationResult.TemporarilyUnavailable.class,
                imap.authenticate(new InetSocketAddress("127.0.0.1", 1), true, new Credentials("a", "b")));
        IOException e = assertThrows(IOException.class, () -> imap.select(ALICE, "INBOX", false));
        assertInstanceOf(UnavailableException.class, e.getCause());
        assertThrows(IOException.class, () -> imap.mailboxes(ALICE, ""));
    }

    @Test
    void withoutAnEndpointSmtpRepliesTemporaryFailure451AndAuthIsTemporarilyUnavailable() {
        SmtpAcceptanceListener smtp = EndpointProxy.of(SmtpAcceptanceListener.class,
                factory(SmtpAcceptanceListener.class, null),
                () -> new RejectException(451, "4.3.0", "Service temporarily unavailable, try again later"));
        containerStopping = true;

        RejectException e = assertThrows(RejectException.class,
                () -> smtp.checkRecipient(null, ReversePath.NULL, MailParameters.NONE,
                        new MailAddress("bob", "example.org")));
        assertEquals(451, e.code());
        assertEquals("4.3.0", e.enhancedCode());
        assertThrows(RejectException.class, () -> smtp.accept(null, "Q1", ReversePath.NULL, List.of(), null, 0));
        assertInstanceOf(AuthenticationResult.TemporarilyUnavailable.class,
                smtp.authenticate(null, new Credentials("a", "b")));
    }

    @Test
    void withoutAnEndpointPop3OpenThrowsIoExceptionAndCloseIsOnlyLogged() {
        MaildropListener pop3 = EndpointProxy.of(MaildropListener.class, factory(MaildropListener.class, null),
                UNAVAILABLE);
        containerStopping = true;

        assertThrows(IOException.class, () -> pop3.open(ALICE));
        pop3.close(ALICE);
        assertInstanceOf(AuthenticationResult.TemporarilyUnavailable.class,
                pop3.authenticate(new InetSocketAddress("127.0.0.1", 1), true, new Credentials("a", "b")));
    }

    @Test
    void aPop3CloseTheBeanFailsIsLoggedNotThrownAndOpenKeepsItsInUseRefusal() {
        MaildropListener bean = bean(MaildropListener.class, (p, m, a) -> {
            if (m.getName().equals("open")) {
                throw new Pop3MaildropInUseException(ALICE.name());
            }
            throw new IllegalStateException("lock table gone");
        });
        MaildropListener pop3 = EndpointProxy.of(MaildropListener.class, factory(MaildropListener.class, bean),
                UNAVAILABLE);

        assertThrows(Pop3MaildropInUseException.class, () -> pop3.open(ALICE));
        pop3.close(ALICE);
        assertEquals(2, released.get());
    }

    /** A listener method that could not report an unavailable endpoint. */
    interface Unreportable {
        String name() throws IllegalStateException;
    }

    @Test
    void aListenerWithAMethodThatCannotReportUnavailabilityIsRefusedWhenTheProxyIsMade() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EndpointProxy.of(Unreportable.class, factory(Unreportable.class, null), UNAVAILABLE));
        assertTrue(e.getMessage().contains("Unreportable.name"), e.getMessage());
    }

    /** A listener with a static helper, which no proxy ever sees. */
    interface WithStaticHelper {
        void notifyIt();

        static String helper() {
            return "x";
        }
    }

    @Test
    void staticMethodsOfAListenerAreNotCheckedForUnavailability() {
        EndpointProxy.of(WithStaticHelper.class, factory(WithStaticHelper.class, null), UNAVAILABLE).notifyIt();
        assertEquals(1, released.get());
    }

    @Test
    void objectMethodsCreateNoEndpoint() {
        MaildropListener pop3 = EndpointProxy.of(MaildropListener.class, factory(MaildropListener.class, null),
                UNAVAILABLE);

        assertTrue(pop3.equals(pop3));
        pop3.hashCode();
        assertTrue(pop3.toString().contains("MaildropListener"));
        assertEquals(0, created.get());
    }
}
