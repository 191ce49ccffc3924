package org.postroom.connector.ra.outbound;

import java.util.Objects;
import java.util.Optional;

import org.postroom.protocol.smtp.client.ClientTimeouts;

/**
 * The outbound client's settings (server.xml: the {@code eis/postroom/outbound-smtp} connection factory's
 * properties).
 *
 * @param maxConnections open SMTP connections in total
 * @param maxPerHost open SMTP connections to one address and port
 * @param trustStore the PKCS12 (or JKS) trust store for REQUIRED and VERIFIED TLS; empty: the JDK's cacerts
 * @param trustStorePassword its password (may be empty)
 * @param timeouts per stage
 */
public record OutboundSettings(int maxConnections, int maxPerHost, Optional<String> trustStore,
        String trustStorePassword, ClientTimeouts timeouts) {

    public OutboundSettings {
        if (maxConnections < 1 || maxPerHost < 1) {
            throw new IllegalArgumentException("connection limits must be positive: " + maxConnections + ", "
                    + maxPerHost);
        }
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(trustStorePassword, "trustStorePassword");
        Objects.requireNonNull(timeouts, "timeouts");
        trustStore = trustStore.filter(s -> !s.isBlank());
    }

    public static OutboundSettings defaults() {
        return new OutboundSettings(100, 20, Optional.empty(), "", ClientTimeouts.RFC_5321);
    }

    /** The password is never shown. */
    @Override
    public String toString() {
        return "OutboundSettings[maxConnections=" + maxConnections + ", maxPerHost=" + maxPerHost + ", trustStore="
                + trustStore.orElse("(JDK cacerts)") + ", timeouts=" + timeouts + "]";
    }
}
