package org.postroom.protocol;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What the fuzz targets ({@code *FuzzTest}, ADR 0055) count as a failure besides an exception escaping the code
 * under test: a failure the engines caught and logged themselves (a session answers an unexpected exception with a
 * temporary error and a WARNING with the exception, which would otherwise hide a parser bug from the fuzzer), and
 * more allocation for one input than {@link #MAX_ALLOCATED_BYTES_PER_INPUT}.
 *
 * <p>
 * Use one per fuzz test class: {@link #install()} before the inputs, {@link #check(Runnable)} around each input,
 * {@link #uninstall()} after. Not thread-safe: inputs run one at a time on one thread.
 */
public final class FuzzChecks {

    /**
     * Allocation allowed for one input, however small: a few MiB of session, parser and store objects are normal;
     * tens of MiB for an input of at most a few KiB is an amplification an attacker could multiply.
     */
    public static final long MAX_ALLOCATED_BYTES_PER_INPUT = 64L << 20;

    private static final com.sun.management.ThreadMXBean THREADS = threads();

    private final List<Logger> loggers = new ArrayList<>();
    private final List<Level> previousLevels = new ArrayList<>();
    private final List<Boolean> previousParentHandlers = new ArrayList<>();
    private final List<Throwable> logged = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getThrown() != null && record.getLevel().intValue() >= Level.WARNING.intValue()) {
                logged.add(record.getThrown());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** @param loggerNames the loggers whose WARNING with an exception means a caught failure */
    public FuzzChecks(String... loggerNames) {
        for (String name : loggerNames) {
            loggers.add(Logger.getLogger(name));
        }
    }

    /** Captures the loggers' records (and keeps them off the console: a fuzzer runs millions of inputs). */
    public FuzzChecks install() {
        for (Logger logger : loggers) {
            previousLevels.add(logger.getLevel());
            previousParentHandlers.add(logger.getUseParentHandlers());
            logger.setLevel(Level.WARNING);
            logger.setUseParentHandlers(false);
            logger.addHandler(handler);
        }
        return this;
    }

    public void uninstall() {
        for (int i = 0; i < loggers.size(); i++) {
            Logger logger = loggers.get(i);
            logger.removeHandler(handler);
            if (i < previousLevels.size()) {
                logger.setLevel(previousLevels.get(i));
                logger.setUseParentHandlers(previousParentHandlers.get(i));
            }
        }
        previousLevels.clear();
        previousParentHandlers.clear();
    }

    /**
     * Runs one input; fails if it logged a caught failure or allocated more than the bound.
     *
     * @throws AssertionError the finding, with the logged exception as its cause
     */
    public void check(Runnable input) {
        withinAllocationBound(() -> {
            logged.clear();
            input.run();
            if (!logged.isEmpty()) {
                AssertionError error = new AssertionError("the code under test caught and logged a failure",
                        logged.get(0));
                logged.stream().skip(1).forEach(error::addSuppressed);
                logged.clear();
                throw error;
            }
        });
    }

    /**
     * Runs one input and fails if it allocated more than {@link #MAX_ALLOCATED_BYTES_PER_INPUT}. The first run of a
     * code path also pays for loading (and the fuzzer's instrumenting) its classes on this thread, so an input over
     * the bound runs once more and only the second, warm figure counts: the code under test is deterministic.
     */
    public static void withinAllocationBound(Runnable input) {
        long allocated = allocation(input);
        if (allocated > MAX_ALLOCATED_BYTES_PER_INPUT) {
            allocated = allocation(input);
            if (allocated > MAX_ALLOCATED_BYTES_PER_INPUT) {
                throw new AssertionError("one input allocated " + (allocated >> 20)
                        + " MiB, more than the bound of " + (MAX_ALLOCATED_BYTES_PER_INPUT >> 20) + " MiB");
            }
        }
    }

    private static long allocation(Runnable input) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        input.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    private static com.sun.management.ThreadMXBean threads() {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        bean.setThreadAllocatedMemoryEnabled(true);
        return bean;
    }
}
