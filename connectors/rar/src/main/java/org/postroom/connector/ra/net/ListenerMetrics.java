package org.postroom.connector.ra.net;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one listener, cheap enough to update on every event; read them through {@link #snapshot()} (for a
 * later MicroProfile Metrics or JMX exporter). Thread-safe.
 */
public final class ListenerMetrics {

    private final AtomicLong connectionsOpen = new AtomicLong();
    private final AtomicLong connectionsTotal = new AtomicLong();
    private final AtomicLong connectionsRefused = new AtomicLong();
    private final AtomicLong connectionsRefusedPerAddress = new AtomicLong();
    private final AtomicLong connectionsRefusedRate = new AtomicLong();
    private final AtomicLong idleTimeouts = new AtomicLong();
    private final AtomicLong tlsHandshakes = new AtomicLong();
    private final AtomicLong messagesAccepted = new AtomicLong();

    /**
     * A consistent-enough copy of the counters.
     *
     * @param connectionsOpen connections accepted and not yet closed
     * @param connectionsTotal connections accepted since start (refused ones not counted)
     * @param connectionsRefused connections refused at the connection limit
     * @param connectionsRefusedPerAddress connections refused at the limit per client address
     * @param connectionsRefusedRate connections refused at the rate per client address and minute
     * @param idleTimeouts connections closed for idleness
     * @param tlsHandshakes TLS handshakes completed (STARTTLS and implicit)
     * @param messagesAccepted messages the business side accepted (SMTP 250 after DATA)
     */
    public record Snapshot(long connectionsOpen, long connectionsTotal, long connectionsRefused,
            long connectionsRefusedPerAddress, long idleTimeouts, long tlsHandshakes, long messagesAccepted,
            long connectionsRefusedRate) {
    }

    public Snapshot snapshot() {
        return new Snapshot(connectionsOpen.get(), connectionsTotal.get(), connectionsRefused.get(),
                connectionsRefusedPerAddress.get(), idleTimeouts.get(), tlsHandshakes.get(), messagesAccepted.get(),
                connectionsRefusedRate.get());
    }

    void connectionOpened() {
        connectionsOpen.incrementAndGet();
        connectionsTotal.incrementAndGet();
    }

    void connectionClosed() {
        connectionsOpen.decrementAndGet();
    }

    void connectionRefused() {
        connectionsRefused.incrementAndGet();
    }

    void connectionRefusedRate() {
        connectionsRefusedRate.incrementAndGet();
    }

    void connectionRefusedPerAddress() {
        connectionsRefusedPerAddress.incrementAndGet();
    }

    void idleTimeout() {
        idleTimeouts.incrementAndGet();
    }

    void tlsHandshake() {
        tlsHandshakes.incrementAndGet();
    }

    /** Called by a protocol bridge when the business side accepted a message. */
    public void messageAccepted() {
        messagesAccepted.incrementAndGet();
    }
}
