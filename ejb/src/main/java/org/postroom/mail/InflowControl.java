package org.postroom.mail;

import java.time.Duration;

/**
 * In-flow control (ADR 0015), a pure rule: how long to hold the reply to MAIL FROM given the delivery backlog (jobs
 * accepted but not yet delivered). Up to {@code threshold} jobs, no delay; above it the delay grows by
 * {@code maxDelay / threshold} per job and reaches {@code maxDelay} at twice the threshold. So acceptance slows down
 * to the pace delivery keeps, as Postfix's {@code in_flow_delay} does, and the backlog (the wait of an accepted
 * message before it reaches the mailbox) stays near the threshold. Bounded: a transaction waits at most
 * {@code maxDelay}, so a stalled delivery slows acceptance but never stops it.
 *
 * @param threshold backlog, in jobs, up to which acceptance is not slowed; 0 or less turns in-flow control off
 * @param maxDelay the longest hold of one MAIL FROM
 */
public record InflowControl(long threshold, Duration maxDelay) {

    /** In-flow control off. */
    public static final InflowControl OFF = new InflowControl(0, Duration.ZERO);

    public InflowControl {
        if (maxDelay == null || maxDelay.isNegative()) {
            throw new IllegalArgumentException("maxDelay must be zero or positive");
        }
    }

    /** The hold for a new transaction when {@code backlog} jobs wait for delivery. */
    public Duration delay(long backlog) {
        if (threshold <= 0 || maxDelay.isZero() || backlog <= threshold) {
            return Duration.ZERO;
        }
        long over = Math.min(backlog - threshold, threshold);
        return Duration.ofNanos(maxDelay.toNanos() / threshold * over);
    }
}
