package org.postroom.connector.ra.net;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open connections per client address, against a limit (like Postfix's anvil and Dovecot's per-IP limits): one client
 * cannot take all of a listener's connections. Loopback is counted or exempt as configured. Thread-safe; memory is one
 * entry per address that has a connection open.
 */
final class ConnectionsPerAddress {

    private final int max;
    private final boolean exemptLoopback;
    private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();

    ConnectionsPerAddress(int max, boolean exemptLoopback) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive: " + max);
        }
        this.max = max;
        this.exemptLoopback = exemptLoopback;
    }

    /**
     * Counts a new connection from {@code address} if it is under the limit.
     *
     * @return false when the address already has {@code max} connections open (nothing counted)
     */
    boolean tryOpen(InetAddress address) {
        if (exempt(address)) {
            return true;
        }
        boolean[] admitted = {false};
        open.compute(address, (a, n) -> {
            int now = n == null ? 0 : n;
            if (now >= max) {
                return n;
            }
            admitted[0] = true;
            return now + 1;
        });
        return admitted[0];
    }

    /** A connection {@link #tryOpen} admitted closed. */
    void closed(InetAddress address) {
        if (!exempt(address)) {
            open.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
        }
    }

    int open(InetAddress address) {
        return open.getOrDefault(address, 0);
    }

    private boolean exempt(InetAddress address) {
        return address == null || (exemptLoopback && address.isLoopbackAddress());
    }
}
