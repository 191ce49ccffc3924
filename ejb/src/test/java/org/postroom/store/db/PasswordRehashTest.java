package org.postroom.store.db;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.postroom.connector.api.AuthenticationResult;
import org.postroom.domain.PasswordHasher;
import org.postroom.service.LoginCache;
import org.postroom.service.UserAuthentications;
import org.postroom.store.Account;
import org.postroom.store.HostedDomain;
import org.postroom.store.schema.SchemaMigrations;

/** Issue 14: hashes made with an older iteration count are replaced with today's at the user's next login. */
class PasswordRehashTest {

    @Test
    void aLoginAgainstAHashOfAnOlderIterationCountStoresTodaysHashOfThePassword() throws Exception {
        String url = H2Test.freshUrl("rehash");
        SchemaMigrations.migrate(url, "postroom", "");
        try (Jpa jpa = new Jpa(url, "postroom", "")) {
            String old = new PasswordHasher(1000).hash("pw-1".toCharArray());
            jpa.run(em -> {
                HostedDomain d = new JpaDomainRepository(em).add(new HostedDomain("rehash.test", Instant.now()));
                new JpaAccountRepository(em).add(new Account("u@rehash.test", d, "u", old, Instant.now()));
            });
            LoginCache cache = UserAuthentications.loginCache(0);
            AuthenticationResult result = jpa.inTransaction(em -> UserAuthentications
                    .over(new JpaAccountRepository(em), cache)
                    .authenticate("u@rehash.test", "pw-1"));
            assertInstanceOf(AuthenticationResult.Authenticated.class, result);
            String now = jpa.inTransaction(em -> new JpaAccountRepository(em).findCurrent("u@rehash.test")
                    .orElseThrow()
                    .getPasswordHash());
            assertTrue(now.startsWith("pbkdf2-sha256$600000$"), now);
            assertTrue(new PasswordHasher().verify("pw-1".toCharArray(), now));
        }
    }
}
