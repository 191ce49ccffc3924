package org.postroom.connector.api;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one SMTP connection, given to listeners: who is connected, what it said in HELO/EHLO, whether TLS
 * protects it and who it authenticated as.
 *
 * @param sessionId the engine's id of this connection, for logs
 * @param clientAddress the remote address and port
 * @param heloName the HELO/EHLO argument, once given (syntax-checked, never trusted for identity)
 * @param tls whether TLS protects the session (STARTTLS completed, or implicit TLS)
 * @param authenticatedUser the user the client authenticated as, if any
 * @param protocol the protocol name for the {@code Received:} header (RFC 3848)
 */
public record SessionContext(String sessionId, InetSocketAddress clientAddress, Optional<String> heloName, boolean tls,
        Optional<AuthenticatedUser> authenticatedUser, MailProtocol protocol) {

    public SessionContext {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(heloName, "heloName");
        Objects.requireNonNull(authenticatedUser, "authenticatedUser");
        Objects.requireNonNull(protocol, "protocol");
    }

    public boolean isAuthenticated() {
        return authenticatedUser.isPresent();
    }

    /** Whether the client connects from this machine (127.0.0.0/8 or ::1). */
    public boolean isLoopback() {
        return clientAddress.getAddress() != null && clientAddress.getAddress().isLoopbackAddress();
    }
}
