package org.postroom.protocol.smtp.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CertificateNamesTest {

    @Test
    void exactNamesMatchCaseInsensitivelyAndIgnoreATrailingDot() {
        assertTrue(CertificateNames.matches("MX1.example.com.", "mx1.example.COM"));
        assertFalse(CertificateNames.matches("mx1.example.com", "mx2.example.com"));
    }

    @Test
    void aPolicyWildcardMatchesExactlyOneLabel() {
        assertTrue(CertificateNames.matches("*.example.com", "mx1.example.com"));
        assertFalse(CertificateNames.matches("*.example.com", "a.mx1.example.com"));
        assertFalse(CertificateNames.matches("*.example.com", "example.com"));
        assertFalse(CertificateNames.matches("*.example.com", "mx1.example.org"));
    }

    @Test
    void aCertificateWildcardMatchesExactlyOneLabel() {
        assertTrue(CertificateNames.matches("mx1.example.com", "*.example.com"));
        assertFalse(CertificateNames.matches("a.mx1.example.com", "*.example.com"));
        assertFalse(CertificateNames.matches("example.com", "*.example.com"));
    }

    @Test
    void anyAllowedAgainstAnyCertificateName() {
        assertTrue(CertificateNames.anyMatches(List.of("mx.other.test", "*.example.com"),
                List.of("www.example.org", "mx9.example.com")));
        assertFalse(CertificateNames.anyMatches(List.of("mx.other.test"), List.of("mx.example.com")));
        assertFalse(CertificateNames.anyMatches(List.of(""), List.of("")));
    }
}
