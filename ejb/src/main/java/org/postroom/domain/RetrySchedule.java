package org.postroom.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * When a message that could not be delivered is tried again (ADR 0042): after the first failure {@code first}, then
 * twice as long after each further one, never longer than {@code max}, until {@code lifetime} after the message was
 * accepted; then it fails for good and the sender gets a failure report. A delay warning is due {@code delayWarning}
 * after acceptance while it still waits ({@link Duration#ZERO}: none).
 *
 * @param first the delay after the first failed attempt (5 minutes by default)
 * @param max the longest delay between two attempts (1 hour)
 * @param lifetime how long a message is tried at all ({@code POSTROOM_QUEUE_LIFETIME}, 5 days)
 * @param delayWarning when the sender is told the message is still waiting ({@code POSTROOM_QUEUE_DELAY_WARNING},
 *        4 hours; zero for never)
 */
public record RetrySchedule(Duration first, Duration max, Duration lifetime, Duration delayWarning) {

    public static final RetrySchedule DEFAULT = new RetrySchedule(Duration.ofMinutes(5), Duration.ofHours(1),
            Duration.ofDays(5), Duration.ofHours(4));

    public RetrySchedule {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(delayWarning, "delayWarning");
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0 || lifetime.isNegative()
                || delayWarning.isNegative()) {
            throw new IllegalArgumentException("retry schedule needs 0 < first <= max, lifetime >= 0, delay warning"
                    + " >= 0: " + first + ", " + max + ", " + lifetime + ", " + delayWarning);
        }
    }

    /** The delay after the {@code failures}-th failed attempt (1 for the first): first, doubling, at most max. */
    public Duration delayAfter(int failures) {
        Duration delay = first;
        for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /** When the message accepted at {@code acceptedAt} stops being tried. */
    public Instant expiry(Instant acceptedAt) {
        return acceptedAt.plus(lifetime);
    }

    /**
     * The next attempt after the {@code failures}-th failure at {@code now}: never later than the expiry (one last
     * attempt then), and empty once the expiry has passed (the message fails for good).
     */
    public Optional<Instant> nextAttempt(Instant acceptedAt, int failures, Instant now) {
        Instant expiry = expiry(acceptedAt);
        if (!now.isBefore(expiry)) {
            return Optional.empty();
        }
        Instant next = now.plus(delayAfter(failures));
        return Optional.of(next.isAfter(expiry) ? expiry : next);
    }

    /** Whether a delay warning is due for a message accepted at {@code acceptedAt} and still waiting. */
    public boolean delayWarningDue(Instant acceptedAt, Instant now) {
        return !delayWarning.isZero() && !now.isBefore(acceptedAt.plus(delayWarning));
    }

    /**
     * Reads a duration setting: a number with a unit {@code s}, {@code m}, {@code h} or {@code d} ({@code 90s},
     * {@code 5m}, {@code 4h}, {@code 5d}), a plain number of seconds, or an ISO-8601 duration ({@code PT4H}).
     *
     * @throws IllegalArgumentException naming the setting when the value is none of these
     */
    public static Duration parseDuration(String setting, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            char unit = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
            String number = Character.isDigit(unit) ? v : v.substring(0, v.length() - 1).trim();
            long n = Long.parseLong(number);
            if (n < 0) {
                throw new IllegalArgumentException(setting + " must not be negative: " + value);
            }
            return switch (unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> {
                    if (!Character.isDigit(unit)) {
                        throw new IllegalArgumentException(setting + ": unknown unit in " + value);
                    }
                    yield Duration.ofSeconds(n);
                }
            };
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException && e.getMessage() != null
                    && e.getMessage().startsWith(setting)) {
                throw e;
            }
            throw new IllegalArgumentException(setting + " is not a duration (like 30s, 5m, 4h, 5d): " + value, e);
        }
    }
}
