package org.postroom.protocol;

import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logged-in sessions per user and client address, against a limit (like Dovecot's {@code mail_max_userip_connections}):
 * one stolen password, or one misbehaving client, cannot open hundreds of sessions on one mailbox. Loopback is counted
 * or exempt as configured. Thread-safe; one instance is shared by the listeners of a protocol.
 */
public final class ConnectionsPerUserAndAddress {

    /** No limit. */
    public static final ConnectionsPerUserAndAddress UNLIMITED = new ConnectionsPerUserAndAddress(Integer.MAX_VALUE,
            true);

    private record Key(String user, InetAddress address) {
    }

    private final int max;
    private final boolean exemptLoopback;
    private final Map<Key, Integer> open = new ConcurrentHashMap<>();

    public ConnectionsPerUserAndAddress(int max, boolean exemptLoopback) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive: " + max);
        }
        this.max = max;
        this.exemptLoopback = exemptLoopback;
    }

    public int max() {
        return max;
    }

    /**
     * Counts a session of {@code user} from {@code address} if it is under the limit.
     *
     * @return false when {@code max} sessions are open already (nothing counted); then do not log the session in
     */
    public boolean tryOpen(String user, InetAddress address) {
        if (exempt(address)) {
            return true;
        }
        boolean[] admitted = {false};
        open.compute(new Key(Objects.requireNonNull(user, "user"), address), (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= max) {
                return n;
            }
            admitted[0] = true;
            return now + 1;
        });
        return admitted[0];
    }

    /** A session {@link #tryOpen} admitted ended. */
    public void closed(String user, InetAddress address) {
        if (!exempt(address)) {
            open.computeIfPresent(new Key(user, address), (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    private boolean exempt(InetAddress address) {
        return address == null || max == Integer.MAX_VALUE || (exemptLoopback && address.isLoopbackAddress());
    }
}
