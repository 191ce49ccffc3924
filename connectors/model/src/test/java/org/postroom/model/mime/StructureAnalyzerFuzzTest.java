package org.postroom.model.mime;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.postroom.connector.api.mime.BodyPart;
import org.postroom.connector.api.mime.MessageStructure;

/**
 * Fuzz target (ADR 0055): the MIME structure analysis run once per message at delivery (BODYSTRUCTURE, ENVELOPE,
 * section offsets). {@link StructureAnalyzer#analyze} never throws by design: it falls back to one opaque part on any
 * runtime failure, which would hide a bug from the fuzzer, so the target runs the analysis without that fallback
 * (reflectively) and counts any exception or error as a finding. It also checks what the store relies on: every
 * part's offsets lie within the message and in order, children within their parent (that the structure survives the
 * store's codec is MessageStructureCodecTest's, in ejb); and that one input allocates at most
 * {@value #MAX_ALLOCATED_BYTES} bytes and runs within the timeout.
 */
class StructureAnalyzerFuzzTest {

    private static final long MAX_ALLOCATED_BYTES = 64L << 20;
    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
            .getThreadMXBean();
    private static final Constructor<StructureAnalyzer> ANALYZER;
    private static final Method MESSAGE;

    static {
        try {
            ANALYZER = StructureAnalyzer.class.getDeclaredConstructor(byte[].class);
            ANALYZER.setAccessible(true);
            MESSAGE = StructureAnalyzer.class.getDeclaredMethod("message", int.class, int.class, int.class);
            MESSAGE.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void structureAnalyzerDescribesAnyMessageWithoutFailing(byte[] message) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        MessageStructure structure = analyzeWithoutFallback(message);
        if (THREADS.getCurrentThreadAllocatedBytes() - before > MAX_ALLOCATED_BYTES) {
            // measured twice: the first run of a path also pays for loading and instrumenting its classes
            before = THREADS.getCurrentThreadAllocatedBytes();
            analyzeWithoutFallback(message);
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            if (allocated > MAX_ALLOCATED_BYTES) {
                throw new AssertionError("a message of " + message.length + " octets allocated " + allocated);
            }
        }
        checkOffsets(structure.body(), 0, message.length);
    }

    /** What {@code analyze} computes before its fallback; whatever it throws, unchanged. */
    private static MessageStructure analyzeWithoutFallback(byte[] message) {
        try {
            return (MessageStructure) MESSAGE.invoke(ANALYZER.newInstance((Object) message), 0, message.length, 0);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void checkOffsets(BodyPart part, long from, long to) {
        if (part.headerOffset() < from || part.headerOffset() > part.bodyOffset()
                || part.bodyOffset() > part.endOffset() || part.endOffset() > to) {
            throw new AssertionError("part " + part.type() + "/" + part.subtype() + " at " + part.headerOffset() + ","
                    + part.bodyOffset() + "," + part.endOffset() + " outside " + from + ".." + to);
        }
        for (BodyPart child : part.children()) {
            checkOffsets(child, part.bodyOffset(), part.endOffset());
        }
        if (part.message() != null) {
            checkOffsets(part.message().body(), part.bodyOffset(), part.endOffset());
        }
    }
}
