package org.postroom.connector.api.outbound;

import java.util.List;
import java.util.Objects;

/**
 * What TLS a transaction needs, for all of its candidate hosts.
 *
 * @param mode see {@link Mode}
 * @param allowedNames for {@link Mode#VERIFIED}: the names a certificate must match (MTA-STS {@code mx} patterns,
 *        {@code *.example.com} allowed as RFC 8461 section 4.1 says); empty means the {@link RemoteHost#name()}
 */
public record TlsPolicy(Mode mode, List<String> allowedNames) {

    /** STARTTLS when offered; a failed handshake retries that host in clear (Postfix's {@code may}). */
    public static final TlsPolicy OPPORTUNISTIC = new TlsPolicy(Mode.OPPORTUNISTIC, List.of());

    public enum Mode {
        /** TLS when the host offers STARTTLS, any certificate; in clear otherwise. */
        OPPORTUNISTIC,
        /** TLS or nothing (smart host with AUTH): any certificate the outbound trust store accepts. */
        REQUIRED,
        /** TLS or nothing, certificate valid for the outbound trust store and matching a name (MTA-STS enforce). */
        VERIFIED
    }

    public TlsPolicy {
        Objects.requireNonNull(mode, "mode");
        allowedNames = List.copyOf(allowedNames);
    }
}
