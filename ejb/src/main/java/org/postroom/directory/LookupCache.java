package org.postroom.directory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Directory answers reused for a short time (ADR 0050): an answer younger than the TTL is returned without asking;
 * an older one is asked again, and when the directory cannot be asked, an answer younger than the stale limit is
 * returned instead, so that a brief outage does not stop mail for known users. Definite answers only: an outage is
 * never remembered. At most {@code maxEntries} keys (least recently used go first). A TTL of zero turns it off.
 * Thread-safe.
 */
final class LookupCache<K, V> {

    /** One look-up in the directory. */
    @FunctionalInterface
    interface Lookup<K, V> {
        V get(K key) throws DirectoryUnavailableException;
    }

    private record Answer<V>(V value, Instant at) {
    }

    private final Duration ttl;
    private final Duration staleLimit;
    private final Clock clock;
    private final Map<K, Answer<V>> answers;

    LookupCache(Duration ttl, Duration staleLimit, int maxEntries, Clock clock) {
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.staleLimit = Objects.requireNonNull(staleLimit, "staleLimit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.answers = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Answer<V>> eldest) {
                return size() > maxEntries;
            }
        };
    }

    V get(K key, Lookup<K, V> lookup) throws DirectoryUnavailableException {
        if (ttl.isZero()) {
            return lookup.get(key);
        }
        Instant now = clock.instant();
        Answer<V> known;
        synchronized (answers) {
            known = answers.get(key);
        }
        if (known != null && now.isBefore(known.at().plus(ttl))) {
            return known.value();
        }
        V value;
        try {
            value = lookup.get(key);
        } catch (DirectoryUnavailableException e) {
            if (known != null && now.isBefore(known.at().plus(staleLimit))) {
                return known.value();
            }
            throw e;
        }
        synchronized (answers) {
            answers.put(key, new Answer<>(value, now));
        }
        return value;
    }

    void forget(K key) {
        synchronized (answers) {
            answers.remove(key);
        }
    }

    int size() {
        synchronized (answers) {
            return answers.size();
        }
    }
}
