package org.postroom.domain;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Logins verified recently, so that a client logging in again with the same password does not pay for the slow
 * password hash each time (ADR 0017, like Dovecot's {@code auth_cache}).
 *
 * <p>The rules: only a successful verification is remembered ({@link #remember}), never a failure. What is kept per
 * user is an HMAC-SHA-256, under a random key made when the cache is created and never stored, of the user, the
 * stored password hash and the presented password; {@link #matches} recomputes it from what is presented now and
 * compares in constant time. So a changed stored hash (a new password, a deleted and re-created user) never matches
 * an old entry, a different password never matches, and the cache holds no password or anything that could be
 * checked against one without the key. An entry expires {@code ttl} after it was remembered; at most
 * {@code maxEntries} users are kept, the least recently used going first. A zero ttl turns the cache off. The caller
 * must still read the user's current stored hash (and whatever else decides whether the user may log in) on every
 * login: the cache only replaces the comparison of the password with that hash. Thread-safe.
 */
public final class VerifiedCredentialCache {

    private static final String MAC = "HmacSHA256";

    private final Duration ttl;
    private final int maxEntries;
    private final Clock clock;
    private final SecretKeySpec key;
    private final Map<String, Entry> entries;

    private record Entry(byte[] mac, Instant expires) {
    }

    /**
     * @param ttl how long a verification is trusted; zero turns the cache off
     * @param maxEntries the most users remembered at once
     * @param clock the time source (tests)
     */
    public VerifiedCredentialCache(Duration ttl, int maxEntries, Clock clock) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative: " + ttl);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
        }
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.clock = Objects.requireNonNull(clock, "clock");
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, MAC);
        Arrays.fill(secret, (byte) 0);
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > VerifiedCredentialCache.this.maxEntries;
            }
        };
    }

    /** Whether the cache is on (a non-zero ttl). */
    public boolean enabled() {
        return !ttl.isZero();
    }

    /**
     * Whether {@code password} was verified against exactly {@code storedHash} for {@code user} within the ttl. False
     * when the cache is off, for nulls and empty passwords.
     */
    public boolean matches(String user, String storedHash, char[] password) {
        if (!enabled() || user == null || storedHash == null || password == null || password.length == 0) {
            return false;
        }
        Entry entry;
        synchronized (entries) {
            entry = entries.get(user);
            if (entry != null && !clock.instant().isBefore(entry.expires())) {
                entries.remove(user);
                entry = null;
            }
        }
        return entry != null && MessageDigest.isEqual(entry.mac(), mac(user, storedHash, password));
    }

    /**
     * Remembers that {@code password} was just verified against {@code storedHash} for {@code user}; call it only
     * after a successful verification. Replaces what was kept for the user.
     */
    public void remember(String user, String storedHash, char[] password) {
        if (!enabled() || user == null || storedHash == null || password == null || password.length == 0) {
            return;
        }
        Entry entry = new Entry(mac(user, storedHash, password), clock.instant().plus(ttl));
        synchronized (entries) {
            entries.put(user, entry);
        }
    }

    /** Forgets the user (deleted, password changed); later logins verify against the stored hash again. */
    public void forget(String user) {
        synchronized (entries) {
            entries.remove(user);
        }
    }

    /** How many users are remembered (expired entries included until they are looked up or pushed out). */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** HMAC over the three values, each length-prefixed so that no two different triples give the same input. */
    private byte[] mac(String user, String storedHash, char[] password) {
        byte[] u = user.getBytes(StandardCharsets.UTF_8);
        byte[] h = storedHash.getBytes(StandardCharsets.UTF_8);
        ByteBuffer p = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] pw = new byte[p.remaining()];
        p.get(pw);
        if (p.hasArray()) {
            Arrays.fill(p.array(), (byte) 0);
        }
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(key);
            for (byte[] field : new byte[][]{u, h, pw}) {
                mac.update(ByteBuffer.allocate(4).putInt(field.length).array());
                mac.update(field);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(MAC + " is not available in this JDK", e);
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
    }
}
