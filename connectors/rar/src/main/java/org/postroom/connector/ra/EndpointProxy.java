package org.postroom.connector.ra;

import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postroom.connector.api.AuthenticationResult;

/**
 * Any listener interface the engines call, backed by the message-driven bean (ADR 0029): each call creates a message
 * endpoint ({@code createEndpoint(null)}), makes that one call on it and releases it. Endpoints are never held per
 * connection (Liberty allows 500 live endpoints per MDB; 10,000 IDLE sessions hold none). No
 * {@code beforeDelivery}/{@code afterDelivery}: the container runs each bean method in its own transaction, as the
 * bean's transaction attributes say.
 *
 * <p>
 * What the bean throws reaches the engine unchanged (the listener's declared exceptions, or a runtime exception).
 * When no endpoint can be created (the application is starting or stopping):
 * <ul>
 * <li>a method returning {@link AuthenticationResult} answers {@link AuthenticationResult#temporarilyUnavailable()};
 * </li>
 * <li>a method that declares the listener's unavailable exception throws it (an {@code IOException} for IMAP and
 * POP3, which the engines answer {@code NO [UNAVAILABLE]} and {@code -ERR [SYS/TEMP]}; {@code 451 4.3.0} for SMTP);
 * </li>
 * <li>a {@code void} method that declares no checked exception is a notification that cannot fail (POP3's
 * {@code close}): any failure of its call, unavailable or thrown by the bean, is logged and not thrown.</li>
 * </ul>
 * A listener with a method none of these covers is refused when the proxy is made, not at its first call.
 */
final class EndpointProxy implements InvocationHandler {

    private static final Logger LOG = Logger.getLogger(EndpointProxy.class.getName());

    private final Class<?> listener;
    private final MessageEndpointFactory factory;
    private final Supplier<? extends Exception> unavailable;

    private EndpointProxy(Class<?> listener, MessageEndpointFactory factory,
            Supplier<? extends Exception> unavailable) {
        this.listener = listener;
        this.factory = factory;
        this.unavailable = unavailable;
    }

    /**
     * A {@code listener} whose every call goes to a fresh endpoint of {@code factory}.
     *
     * @param unavailable the checked exception the listener's methods declare for "try again later", thrown when no
     *            endpoint can be created
     * @throws IllegalArgumentException a method of {@code listener} has no way to report an unavailable endpoint
     */
    static <T> T of(Class<T> listener, MessageEndpointFactory factory, Supplier<? extends Exception> unavailable) {
        Objects.requireNonNull(factory, "factory");
        Class<? extends Exception> type = unavailable.get().getClass();
        for (Method m : listener.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue; // never reaches a proxy
            }
            if (!answersAuthentication(m) && !declares(m, type) && !isNotification(m)) {
                throw new IllegalArgumentException(listener.getSimpleName() + "." + m.getName()
                        + " can report no unavailable endpoint: declare " + type.getSimpleName());
            }
        }
        return listener.cast(Proxy.newProxyInstance(listener.getClassLoader(), new Class<?>[]{listener},
                new EndpointProxy(listener, factory, unavailable)));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "EndpointProxy[" + listener.getSimpleName() + "]";
            };
        }
        if (isNotification(method)) {
            try {
                call(method, args);
            } catch (Exception e) {
                LOG.log(Level.WARNING, listener.getSimpleName() + "." + method.getName() + " failed", e);
            }
            return null;
        }
        return call(method, args);
    }

    private Object call(Method method, Object[] args) throws Throwable {
        MessageEndpoint endpoint;
        try {
            endpoint = factory.createEndpoint(null);
        } catch (UnavailableException e) {
            LOG.log(Level.WARNING, "no message endpoint available for " + listener.getSimpleName(), e);
            if (answersAuthentication(method)) {
                return AuthenticationResult.temporarilyUnavailable();
            }
            Exception failure = unavailable.get();
            try {
                failure.initCause(e);
            } catch (IllegalStateException causeAlreadySet) {
                failure.addSuppressed(e);
            }
            throw failure;
        }
        try {
            return method.invoke(endpoint, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            endpoint.release();
        }
    }

    private static boolean answersAuthentication(Method m) {
        return m.getReturnType() == AuthenticationResult.class;
    }

    private static boolean declares(Method m, Class<? extends Exception> type) {
        return Arrays.stream(m.getExceptionTypes()).anyMatch(t -> t.isAssignableFrom(type));
    }

    private static boolean isNotification(Method m) {
        return m.getReturnType() == void.class && Arrays.stream(m.getExceptionTypes())
                .allMatch(t -> RuntimeException.class.isAssignableFrom(t) || Error.class.isAssignableFrom(t));
    }
}
