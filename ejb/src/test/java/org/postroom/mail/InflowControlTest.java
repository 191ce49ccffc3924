package org.postroom.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class InflowControlTest {

    private final InflowControl control = new InflowControl(20, Duration.ofMillis(1000));

    @Test
    void noDelayUpToTheThreshold() {
        assertEquals(Duration.ZERO, control.delay(0));
        assertEquals(Duration.ZERO, control.delay(20));
    }

    @Test
    void delayGrowsWithEachJobAboveTheThresholdUpToTheMaximumAtTwiceIt() {
        assertEquals(Duration.ofMillis(50), control.delay(21));
        assertEquals(Duration.ofMillis(500), control.delay(30));
        assertEquals(Duration.ofMillis(1000), control.delay(40));
        assertEquals(Duration.ofMillis(1000), control.delay(100_000), "bounded: acceptance never stops");
    }

    @Test
    void thresholdZeroOrNoMaximumTurnsItOff() {
        assertEquals(Duration.ZERO, InflowControl.OFF.delay(1_000_000));
        assertEquals(Duration.ZERO, new InflowControl(20, Duration.ZERO).delay(1_000));
    }
}
