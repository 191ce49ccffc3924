package org.postroom.connector.ra.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.resource.spi.InvalidPropertyException;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.postroom.protocol.smtp.client.ClientTimeouts;

/** The connection factory's properties (server.xml's POSTROOM_OUTBOUND_* variables) and what they make. */
class OutboundSmtpManagedConnectionFactoryTest {

    @Test
    void defaultsAreTheIssuesLimitsAndRfc5321Timeouts() throws Exception {
        OutboundSettings s = new OutboundSmtpManagedConnectionFactory().settings();
        assertEquals(100, s.maxConnections());
        assertEquals(20, s.maxPerHost());
        assertEquals(Optional.empty(), s.trustStore());
        assertEquals(ClientTimeouts.RFC_5321, s.timeouts());
    }

    @Test
    void everyPropertyReachesTheSettings() throws Exception {
        OutboundSmtpManagedConnectionFactory f = new OutboundSmtpManagedConnectionFactory();
        f.setMaxConnections(7);
        f.setMaxPerHost(3);
        f.setTrustStore("/etc/postroom/trust.p12");
        f.setTrustStorePassword("pw");
        f.setConnectTimeout(1);
        f.setGreetingTimeout(2);
        f.setMailTimeout(3);
        f.setRcptTimeout(4);
        f.setDataInitTimeout(5);
        f.setDataBlockTimeout(6);
        f.setDataEndTimeout(7);
        f.setIdleTimeout(8);
        OutboundSettings s = f.settings();
        assertEquals(new OutboundSettings(7, 3, Optional.of("/etc/postroom/trust.p12"), "pw",
                new ClientTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3),
                        Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(6), Duration.ofSeconds(7),
                        Duration.ofSeconds(8))),
                s);
        assertEquals(-1, s.toString().indexOf("pw,"), "the password is never shown");
    }

    @Test
    void aZeroTimeoutOrLimitIsAnInvalidProperty() {
        OutboundSmtpManagedConnectionFactory f = new OutboundSmtpManagedConnectionFactory();
        f.setDataEndTimeout(0);
        assertThrows(InvalidPropertyException.class, f::settings);
        OutboundSmtpManagedConnectionFactory g = new OutboundSmtpManagedConnectionFactory();
        g.setMaxPerHost(0);
        assertThrows(InvalidPropertyException.class, g::settings);
    }

    @Test
    void factoriesWithTheSameSettingsAreEqual() {
        OutboundSmtpManagedConnectionFactory a = new OutboundSmtpManagedConnectionFactory();
        OutboundSmtpManagedConnectionFactory b = new OutboundSmtpManagedConnectionFactory();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        b.setMaxPerHost(5);
        assertNotEquals(a, b);
    }
}
