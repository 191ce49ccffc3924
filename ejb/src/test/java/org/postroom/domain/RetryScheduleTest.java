package org.postroom.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final Instant ACCEPTED = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void theFirstRetryIsAfterFiveMinutesThenTheDelayDoublesToAtMostAnHour() {
        RetrySchedule s = RetrySchedule.DEFAULT;
        assertEquals(Duration.ofMinutes(5), s.delayAfter(1));
        assertEquals(Duration.ofMinutes(10), s.delayAfter(2));
        assertEquals(Duration.ofMinutes(20), s.delayAfter(3));
        assertEquals(Duration.ofMinutes(40), s.delayAfter(4));
        assertEquals(Duration.ofHours(1), s.delayAfter(5));
        assertEquals(Duration.ofHours(1), s.delayAfter(500), "no overflow with many attempts");
    }

    @Test
    void theNextAttemptIsNeverAfterTheExpiryAndThereIsNoneOnceItPassed() {
        RetrySchedule s = RetrySchedule.DEFAULT;
        Instant now = ACCEPTED.plus(Duration.ofMinutes(1));
        assertEquals(Optional.of(now.plus(Duration.ofMinutes(5))), s.nextAttempt(ACCEPTED, 1, now));
        Instant late = ACCEPTED.plus(Duration.ofDays(5)).minus(Duration.ofMinutes(10));
        assertEquals(Optional.of(ACCEPTED.plus(Duration.ofDays(5))), s.nextAttempt(ACCEPTED, 9, late),
                "one last attempt at the expiry");
        assertEquals(Optional.empty(), s.nextAttempt(ACCEPTED, 10, ACCEPTED.plus(Duration.ofDays(5))));
    }

    @Test
    void theDelayWarningIsDueAfterFourHoursAndNeverWhenZero() {
        assertFalse(RetrySchedule.DEFAULT.delayWarningDue(ACCEPTED, ACCEPTED.plus(Duration.ofMinutes(239))));
        assertTrue(RetrySchedule.DEFAULT.delayWarningDue(ACCEPTED, ACCEPTED.plus(Duration.ofHours(4))));
        RetrySchedule off = new RetrySchedule(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofDays(5),
                Duration.ZERO);
        assertFalse(off.delayWarningDue(ACCEPTED, ACCEPTED.plus(Duration.ofDays(4))));
    }

    @Test
    void durationSettingsTakeUnitsPlainSecondsAndIso8601() {
        assertEquals(Duration.ofSeconds(90), RetrySchedule.parseDuration("x", "90s"));
        assertEquals(Duration.ofSeconds(90), RetrySchedule.parseDuration("x", "90"));
        assertEquals(Duration.ofMinutes(5), RetrySchedule.parseDuration("x", " 5m "));
        assertEquals(Duration.ofHours(4), RetrySchedule.parseDuration("x", "4H"));
        assertEquals(Duration.ofDays(5), RetrySchedule.parseDuration("x", "5d"));
        assertEquals(Duration.ofHours(4), RetrySchedule.parseDuration("x", "PT4H"));
        assertEquals(Duration.ZERO, RetrySchedule.parseDuration("x", "0"));
    }

    @Test
    void aBadDurationSettingIsRefusedWithItsName() {
        for (String bad : new String[]{"", "5w", "soon", "-5m", "m"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RetrySchedule.parseDuration("postroom.queue.lifetime", bad), bad);
            assertTrue(e.getMessage().startsWith("postroom.queue.lifetime"), e.getMessage());
        }
    }

    @Test
    void aScheduleWhoseMaximumIsBelowItsFirstDelayIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(Duration.ofHours(2), Duration.ofHours(1),
                Duration.ofDays(5), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(Duration.ZERO, Duration.ofHours(1),
                Duration.ofDays(5), Duration.ZERO));
    }
}
