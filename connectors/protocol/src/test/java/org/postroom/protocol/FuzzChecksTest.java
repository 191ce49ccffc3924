package org.postroom.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The fuzz targets' oracle must be able to fail: a caught-and-logged failure and an allocation blow-up are findings. */
class FuzzChecksTest {

    private static final String LOGGER = FuzzChecksTest.class.getName() + ".engine";
    private static final System.Logger ENGINE = System.getLogger(LOGGER);

    @Test
    void aFailureTheEngineCaughtAndLoggedIsAFinding() {
        FuzzChecks checks = new FuzzChecks(LOGGER).install();
        try {
            IllegalStateException bug = new IllegalStateException("index out of range");
            AssertionError finding = assertThrows(AssertionError.class,
                    () -> checks.check(() -> ENGINE.log(System.Logger.Level.WARNING, "command failed", bug)));
            assertEquals(bug, finding.getCause());
        } finally {
            checks.uninstall();
        }
    }

    @Test
    void warningsWithoutAnExceptionAndQuietInputsPass() {
        FuzzChecks checks = new FuzzChecks(LOGGER).install();
        try {
            checks.check(() -> ENGINE.log(System.Logger.Level.WARNING, "client sent garbage"));
            checks.check(() -> {
            });
        } finally {
            checks.uninstall();
        }
    }

    @Test
    void theLoggerIsRestoredAfterwards() {
        Logger logger = Logger.getLogger(LOGGER);
        logger.setLevel(Level.OFF);
        FuzzChecks checks = new FuzzChecks(LOGGER).install();
        assertEquals(Level.WARNING, logger.getLevel());
        checks.uninstall();
        assertEquals(Level.OFF, logger.getLevel());
        assertTrue(logger.getUseParentHandlers());
    }

    @Test
    void anInputAllocatingMoreThanTheBoundIsAFinding() {
        AssertionError finding = assertThrows(AssertionError.class, () -> FuzzChecks.withinAllocationBound(() -> {
            for (int i = 0; i < 100; i++) {
                sink = new byte[1 << 20];
            }
        }));
        assertTrue(finding.getMessage().contains("more than the bound of 64 MiB"), finding.getMessage());
    }

    @Test
    void anInputWithinTheBoundPasses() {
        FuzzChecks.withinAllocationBound(() -> sink = new byte[1 << 20]);
    }

    private static volatile byte[] sink;
}
