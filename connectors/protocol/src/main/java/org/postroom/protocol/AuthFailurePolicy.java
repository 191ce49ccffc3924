package org.postroom.protocol;

import java.net.InetAddress;
import java.time.Duration;

/**
 * How long a protocol engine holds back its answer to a failed login (POP3, IMAP, SMTP AUTH), so that guessing
 * passwords from one address gets slower with every failure. The network layer honours the delay without blocking a
 * thread and reads nothing from that connection meanwhile. Thread-safe: one instance is shared by every listener, so
 * switching protocols does not reset the count.
 */
public interface AuthFailurePolicy {

    /** Records a failed authentication from {@code client} and returns how long to delay the refusal. */
    Duration failed(InetAddress client);

    /** A successful authentication from {@code client}; the delay is not reset (a valid account does not buy tries). */
    void succeeded(InetAddress client);

    /** No delay at all (tests, or when a front proxy throttles). */
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
