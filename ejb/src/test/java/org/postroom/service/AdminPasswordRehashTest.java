package org.postroom.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.postroom.config.PostroomConfig;
import org.postroom.domain.PasswordHasher;
import org.postroom.store.SettingRepository;

/**
 * The generated administrator password's hash, made by an earlier build with fewer PBKDF2 iterations, is renewed at
 * the next successful login, as users' hashes are (ADR 0084); a wrong password renews nothing.
 */
class AdminPasswordRehashTest {

    private final Map<String, String> stored = new HashMap<>();

    private AdminCredentialService service() {
        AdminCredentialService service = new AdminCredentialService();
        service.config = new PostroomConfig() {
            @Override
            public String adminUser() {
                return "admin";
            }

            @Override
            public Optional<String> adminPassword() {
                return Optional.empty();
            }
        };
        service.settings = new SettingRepository() {
            @Override
            public Optional<String> get(String name) {
                return Optional.ofNullable(stored.get(name));
            }

            @Override
            public void put(String name, String value) {
                stored.put(name, value);
            }
        };
        return service;
    }

    @Test
    void anOlderHashIsRenewedAtTheNextLoginAndAWrongPasswordChangesNothing() {
        String old = new PasswordHasher(1000).hash("admin-secret".toCharArray());
        stored.put(AdminCredentialService.HASH_SETTING, old);
        AdminCredentialService service = service();

        assertFalse(service.verify("admin", "wrong"));
        assertEquals(old, stored.get(AdminCredentialService.HASH_SETTING), "a wrong password renews nothing");

        assertTrue(service.verify("admin", "admin-secret"));
        String now = stored.get(AdminCredentialService.HASH_SETTING);
        assertTrue(now.startsWith("pbkdf2-sha256$600000$"), now);
        assertTrue(new PasswordHasher().verify("admin-secret".toCharArray(), now));
        assertTrue(service.verify("admin", "admin-secret"), "the renewed hash verifies");
    }
}
