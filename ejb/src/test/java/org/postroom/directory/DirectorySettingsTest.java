package org.postroom.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class DirectorySettingsTest {

    private static Optional<DirectorySettings> from(Map<String, String> values) {
        return DirectorySettings.from(name -> Optional.ofNullable(values.get(name)));
    }

    @Test
    void withoutAUrlThereIsNoDirectory() {
        assertEquals(Optional.empty(), from(Map.of("postroom.ldap.base.dn", "dc=x")));
    }

    @Test
    void theAdPresetFillsEveryAttributeAndSpaceSeparatedUrlsFailOverInOrder() {
        DirectorySettings s = from(Map.of("postroom.ldap.url", "ldaps://dc1.corp.example  ldap://dc2.corp.example:3268",
                "postroom.ldap.schema", "ad", "postroom.ldap.base.dn", "DC=corp,DC=example")).orElseThrow();
        assertEquals(List.of(new DirectorySettings.Server(true, "dc1.corp.example", 636),
                new DirectorySettings.Server(false, "dc2.corp.example", 3268)), s.servers());
        assertEquals(List.of("userPrincipalName", "sAMAccountName"), s.loginAttributes());
        assertEquals("proxyAddresses", s.aliasesAttribute());
        assertEquals("(&(objectCategory=person)(objectClass=user))", s.userFilter());
        assertTrue(s.schema().readsUserAccountControl());
        assertFalse(s.startTls());
        assertEquals(Duration.ofSeconds(60), s.cacheTtl());
        assertEquals(Optional.empty(), s.bindDn());
    }

    @Test
    void eachAttributeAndFilterOverridesThePreset() {
        DirectorySettings s = from(Map.of("postroom.ldap.url", "ldap://127.0.0.1:10389", "postroom.ldap.base.dn",
                "dc=example,dc=org", "postroom.ldap.attr.login", "uid, mail", "postroom.ldap.attr.aliases",
                "mailLocalAddress", "postroom.ldap.disabled.filter", "(employeeType=disabled)",
                "postroom.ldap.starttls", "true", "postroom.ldap.cache.ttl", "0")).orElseThrow();
        assertEquals(DirectorySchema.OPENLDAP, s.schema());
        assertEquals(List.of("uid", "mail"), s.loginAttributes());
        assertEquals("mailLocalAddress", s.aliasesAttribute());
        assertEquals("(employeeType=disabled)", s.disabledFilter());
        assertTrue(s.startTls());
        assertEquals(Duration.ZERO, s.cacheTtl());
    }

    @Test
    void invalidSettingsAreRefusedWithTheSettingsName() {
        IllegalArgumentException scheme = assertThrows(IllegalArgumentException.class, () -> from(Map.of(
                "postroom.ldap.url", "http://dc1", "postroom.ldap.base.dn", "dc=x")));
        assertTrue(scheme.getMessage().contains("postroom.ldap.url"), scheme.getMessage());
        IllegalArgumentException base = assertThrows(IllegalArgumentException.class,
                () -> from(Map.of("postroom.ldap.url", "ldap://dc1")));
        assertTrue(base.getMessage().contains("postroom.ldap.base.dn"), base.getMessage());
        IllegalArgumentException filter = assertThrows(IllegalArgumentException.class, () -> from(Map.of(
                "postroom.ldap.url", "ldap://dc1", "postroom.ldap.base.dn", "dc=x", "postroom.ldap.user.filter",
                "(uid=")));
        assertTrue(filter.getMessage().contains("postroom.ldap.user.filter"), filter.getMessage());
        IllegalArgumentException schema = assertThrows(IllegalArgumentException.class, () -> from(Map.of(
                "postroom.ldap.url", "ldap://dc1", "postroom.ldap.base.dn", "dc=x", "postroom.ldap.schema", "nds")));
        assertTrue(schema.getMessage().contains("postroom.ldap.schema"), schema.getMessage());
    }

    @Test
    void thePasswordsNeverAppearInTheDescription() {
        DirectorySettings s = from(Map.of("postroom.ldap.url", "ldap://dc1", "postroom.ldap.base.dn", "dc=x",
                "postroom.ldap.bind.dn", "cn=svc,dc=x", "postroom.ldap.bind.password", "hunter2-secret")).orElseThrow();
        assertFalse(s.toString().contains("hunter2-secret"), s.toString());
    }
}
