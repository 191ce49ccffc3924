package org.postroom.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineFramerTest {

    private final LineFramer framer = new LineFramer(10); // 8 octets of content + CRLF

    @Test
    void splitsOnCrLfAndAlsoAcceptsBareLf() {
        ByteBuffer in = bytes("ab\r\ncd\nef");
        assertEquals(line("ab"), framer.next(in));
        assertEquals(line("cd"), framer.next(in));
        assertNull(framer.next(in));
        assertTrue(framer.hasPartialLine());
        assertEquals(line("ef"), framer.next(bytes("\r\n")));
    }

    @Test
    void neverReadsPastTheLineItReturns() {
        ByteBuffer in = bytes("DATA\r\nraw body bytes");
        assertEquals(line("DATA"), framer.next(in));
        assertEquals("raw body bytes", StandardCharsets.US_ASCII.decode(in).toString());
    }

    @Test
    void crInsideALineIsKept() {
        assertEquals(line("a\rb"), framer.next(bytes("a\rb\r\n")));
    }

    @Test
    void lineOfExactlyTheLimitPassesAndOneOctetMoreIsOverlong() {
        assertEquals(line("12345678"), framer.next(bytes("12345678\r\n")));
        assertEquals(Frame.OVERLONG, framer.next(bytes("123456789\r\n")));
        assertEquals(Frame.OVERLONG, framer.next(bytes("123456789\n")));
    }

    @Test
    void overlongLineIsDroppedAsItArrivesAndReportedOnceAtItsEnd() {
        for (int i = 0; i < 1000; i++) {
            assertNull(framer.next(bytes("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")));
        }
        ByteBuffer rest = bytes("\r\nnext\r\n");
        assertEquals(Frame.OVERLONG, framer.next(rest));
        assertEquals(line("next"), framer.next(rest));
    }

    @Test
    void resetDropsAPartialLine() {
        assertNull(framer.next(bytes("partial")));
        framer.reset();
        assertFalse(framer.hasPartialLine());
        assertEquals(line("new"), framer.next(bytes("new\r\n")));
    }

    @Test
    void bufferGrowsForALongLineUpToTheLimitAndShrinksAfterIt() {
        LineFramer big = new LineFramer(64 * 1024);
        assertEquals(LineFramer.INITIAL_CAPACITY, big.capacity());
        String longLine = "x".repeat(64 * 1024 - 2);
        assertNull(big.next(bytes(longLine)));
        assertTrue(big.capacity() > LineFramer.INITIAL_CAPACITY);
        assertTrue(big.capacity() <= 64 * 1024 - 1);
        assertEquals(line(longLine), big.next(bytes("\r\n")));
        assertEquals(LineFramer.INITIAL_CAPACITY, big.capacity());
        assertEquals(line("short"), big.next(bytes("short\r\n")));
    }

    @Test
    void overlongLineOnAGrowableBufferIsReportedAndTheBufferShrinks() {
        LineFramer big = new LineFramer(1000);
        assertEquals(line("x".repeat(998)), big.next(bytes("x".repeat(998) + "\r\n")));
        assertNull(big.next(bytes("y".repeat(5000))));
        assertEquals(LineFramer.INITIAL_CAPACITY, big.capacity());
        ByteBuffer rest = bytes("\r\nnext\r\n");
        assertEquals(Frame.OVERLONG, big.next(rest));
        assertEquals(line("next"), big.next(rest));
    }

    @Test
    void lineOfExactlyTheLimitPassesWithAGrowableBuffer() {
        LineFramer big = new LineFramer(1000);
        assertEquals(line("z".repeat(998)), big.next(bytes("z".repeat(998) + "\r\n")));
        assertEquals(Frame.OVERLONG, big.next(bytes("z".repeat(999) + "\r\n")));
        assertEquals(line("z".repeat(998)), big.next(bytes("z".repeat(998) + "\n")));
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static Frame line(String s) {
        return new Frame.Line(s.getBytes(StandardCharsets.US_ASCII));
    }
}
