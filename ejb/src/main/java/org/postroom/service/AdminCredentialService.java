package org.postroom.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import org.postroom.config.PostroomConfig;
import org.postroom.domain.PasswordHasher;
import org.postroom.store.SettingRepository;

/**
 * The administrator's credentials. From configuration ({@code POSTROOM_ADMIN_USER}, {@code POSTROOM_ADMIN_PASSWORD})
 * when set; otherwise a random password is generated at first start, handed to the caller to show once (written to an
 * owner-only file in the data directory, never logged), and only its hash is kept (in the database, so every server
 * sharing it agrees). A hash of an older, lower iteration count is renewed at the next successful login (ADR 0084).
 */
@Stateless
public class AdminCredentialService {

    static final String HASH_SETTING = "admin.password.hash";
    private static final Logger LOG = Logger.getLogger(AdminCredentialService.class.getName());
    private static final PasswordHasher HASHER = new PasswordHasher();
    /**
     * Successful verifications of the stored hash, keyed by a fast digest of user, password and hash, so that every
     * REST call does not pay the slow KDF again. Invalidated implicitly when the hash changes.
     */
    private static final ConcurrentHashMap<String, Long> VERIFIED = new ConcurrentHashMap<>();
    private static final long VERIFIED_MILLIS = 5 * 60_000L;

    @Inject
    PostroomConfig config;
    @Inject
    SettingRepository settings;

    /**
     * Makes sure an admin credential exists; generates one when neither configuration nor database has one.
     *
     * @return the generated password, which the caller shows once, or empty
     */
    public Optional<String> ensureCredential() {
        if (config.adminPassword().isPresent() || settings.get(HASH_SETTING).isPresent()) {
            return Optional.empty();
        }
        String password = PasswordHasher.randomPassword(20);
        settings.put(HASH_SETTING, HASHER.hash(password.toCharArray()));
        return Optional.of(password);
    }

    public String adminUser() {
        return config.adminUser();
    }

    /** True when the user is the administrator and the password is theirs. */
    public boolean verify(String user, String password) {
        if (user == null || password == null || !constantTimeEquals(user, config.adminUser())) {
            return false;
        }
        Optional<String> configured = config.adminPassword();
        if (configured.isPresent()) {
            return constantTimeEquals(password, configured.get());
        }
        Optional<String> hash = settings.get(HASH_SETTING);
        if (hash.isEmpty()) {
            return false;
        }
        String key = digest(user + '\0' + password + '\0' + hash.get());
        Long until = VERIFIED.get(key);
        long now = System.currentTimeMillis();
        if (until != null && until > now) {
            return true;
        }
        boolean ok = HASHER.verify(password.toCharArray(), hash.get());
        if (ok && HASHER.needsRehash(hash.get())) {
            // made by an earlier build with fewer iterations: the password is at hand, so store today's hash of it
            settings.put(HASH_SETTING, HASHER.hash(password.toCharArray()));
            LOG.info("The administrator's password hash was renewed with the current iteration count");
        }
        if (ok) {
            if (VERIFIED.size() > 1000) {
                VERIFIED.clear();
            }
            VERIFIED.put(key, now + VERIFIED_MILLIS);
        }
        return ok;
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String digest(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
