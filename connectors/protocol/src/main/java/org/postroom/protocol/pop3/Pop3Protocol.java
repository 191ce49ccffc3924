package org.postroom.protocol.pop3;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Supplier;
import org.postroom.connector.api.MaildropListener;
import org.postroom.protocol.AuthFailurePolicy;
import org.postroom.protocol.smtp.SmtpProtocol;

/**
 * Everything the sessions of one POP3 endpoint share: the configuration and the listener. Immutable and
 * thread-safe; build one per endpoint and call {@link #newDriver} (or {@link #newSession}) per accepted connection.
 */
public final class Pop3Protocol {

    private final Pop3Config config;
    private final MaildropListener listener;
    private final Supplier<String> sessionIds;
    private final AuthFailurePolicy authFailures;

    public Pop3Protocol(Pop3Config config, MaildropListener listener) {
        this(config, listener, SmtpProtocol::randomId, AuthFailurePolicy.NONE);
    }

    public Pop3Protocol(Pop3Config config, MaildropListener listener, AuthFailurePolicy authFailures) {
        this(config, listener, SmtpProtocol::randomId, authFailures);
    }

    /**
     * @param sessionIds ids for log lines, one per connection
     * @param authFailures how long to hold back the answer to a failed login
     */
    public Pop3Protocol(Pop3Config config, MaildropListener listener, Supplier<String> sessionIds,
            AuthFailurePolicy authFailures) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.sessionIds = Objects.requireNonNull(sessionIds, "sessionIds");
        this.authFailures = Objects.requireNonNull(authFailures, "authFailures");
    }

    /** A session for a new connection; call {@link Pop3Session#start()} to get the greeting. */
    public Pop3Session newSession(InetSocketAddress clientAddress) {
        return new Pop3Session(this, sessionIds.get(), Objects.requireNonNull(clientAddress, "clientAddress"));
    }

    /** A session with line framing in front of it, fed with raw connection bytes. */
    public Pop3SessionDriver newDriver(InetSocketAddress clientAddress) {
        return new Pop3SessionDriver(newSession(clientAddress));
    }

    public Pop3Config config() {
        return config;
    }

    MaildropListener listener() {
        return listener;
    }

    AuthFailurePolicy authFailures() {
        return authFailures;
    }
}
