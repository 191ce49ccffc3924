package org.postroom.mail;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RelayNetworksTest {

    @Test
    void emptyConfigurationContainsNobody() {
        assertTrue(RelayNetworks.parse("").isEmpty());
        assertFalse(RelayNetworks.parse(" ").contains("127.0.0.1"));
        assertFalse(RelayNetworks.parse(null).contains("::1"));
    }

    @Test
    void ipv4PrefixesMatchByLeadingBits() {
        RelayNetworks n = RelayNetworks.parse("10.0.0.0/8,192.168.1.128/25");
        assertTrue(n.contains("10.200.3.4"));
        assertTrue(n.contains("192.168.1.200"));
        assertFalse(n.contains("192.168.1.127"));
        assertFalse(n.contains("11.0.0.1"));
    }

    @Test
    void bareAddressIsOneHost() {
        RelayNetworks n = RelayNetworks.parse("198.51.100.7");
        assertTrue(n.contains("198.51.100.7"));
        assertFalse(n.contains("198.51.100.8"));
    }

    @Test
    void ipv6PrefixesMatchAndNeverMatchIpv4() {
        RelayNetworks n = RelayNetworks.parse("2001:db8::/32 ::1/128");
        assertTrue(n.contains("2001:db8:1::5"));
        assertTrue(n.contains("[::1]"));
        assertFalse(n.contains("2001:db9::1"));
        assertFalse(n.contains("127.0.0.1"));
    }

    @Test
    void zeroPrefixContainsEveryAddressOfItsFamily() {
        assertTrue(RelayNetworks.parse("0.0.0.0/0").contains("203.0.113.1"));
    }

    @Test
    void hostNamesAreRefusedNeverResolved() {
        assertThrows(IllegalArgumentException.class, () -> RelayNetworks.parse("localhost"));
        assertThrows(IllegalArgumentException.class, () -> RelayNetworks.parse("mail.example.com/24"));
        assertFalse(RelayNetworks.parse("127.0.0.0/8").contains("localhost"));
    }

    @Test
    void invalidEntriesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> RelayNetworks.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> RelayNetworks.parse("10.0.0.0/x"));
        assertThrows(IllegalArgumentException.class, () -> RelayNetworks.parse("10.0.0.256"));
        assertThrows(IllegalArgumentException.class, () -> RelayNetworks.parse("::1/129"));
    }

    @Test
    void malformedClientAddressIsOutside() {
        RelayNetworks n = RelayNetworks.parse("0.0.0.0/0");
        assertFalse(n.contains(""));
        assertFalse(n.contains("not-an-address"));
        assertFalse(n.contains("999.1.1.1"));
    }
}
