package org.postroom.protocol;

import java.net.InetAddress;
import java.time.Duration;

/**
 * Decides how long to wait before answering a failed authentication, to slow down password guessing, and remembers
 * failures per client. The engine reports the delay in its output; the network layer holds the reply back that long
 * (without blocking a thread). Shared by every session of an endpoint: implementations are thread-safe.
 */
public interface AuthFailurePolicy {

    /** Records a failed attempt from {@code client} and returns how long to delay its answer. */
    Duration failed(InetAddress client);

    /** Records a successful authentication: {@code client} starts afresh. */
    void succeeded(InetAddress client);

    /** No delays (tests, or an endpoint reached only through a trusted proxy). */
    AuthFailurePolicy NONE = new AuthFailurePolicy() {
        @Override
        public Duration failed(InetAddress client) {
            return Duration.ZERO;
        }

        @Override
        public void succeeded(InetAddress client) {
        }
    };
}
