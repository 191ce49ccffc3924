package org.postroom.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineFramerTest {

    private final LineFramer framer = new LineFramer(10); // 8 octets of content + CRLF

    @Test
    void splitsOnCrLfAndAlsoAcceptsBareLf() {
        ByteBuffer in = bytes("ab\r\ncd\nef");
        assertEquals(line("ab"), framer.next(in));
        assertEquals(line("cd"), framer.next(in));
        assertEquals(Frame.NEED_MORE, framer.next(in));
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
            assertEquals(Frame.NEED_MORE, framer.next(bytes("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")));
        }
        ByteBuffer rest = bytes("\r\nnext\r\n");
        assertEquals(Frame.OVERLONG, framer.next(rest));
        assertEquals(line("next"), framer.next(rest));
    }

    @Test
    void resetDropsAPartialLine() {
        assertEquals(Frame.NEED_MORE, framer.next(bytes("partial")));
        framer.reset();
        assertFalse(framer.hasPartialLine());
        assertEquals(line("new"), framer.next(bytes("new\r\n")));
    }

    @Test
    void bufferGrowsForALongLineUpToTheLimitAndShrinksAfterIt() {
        LineFramer big = new LineFramer(64 * 1024);
        assertEquals(0, big.capacity(), "an idle framer holds no buffer");
        String longLine = "x".repeat(64 * 1024 - 2);
        assertEquals(Frame.NEED_MORE, big.next(bytes(longLine)));
        assertTrue(big.capacity() > LineFramer.INITIAL_CAPACITY);
        assertTrue(big.capacity() <= 64 * 1024 - 1);
        assertEquals(line(longLine), big.next(bytes("\r\n")));
        assertEquals(0, big.capacity());
        assertEquals(line("short"), big.next(bytes("short\r\n")));
    }

    @Test
    void overlongLineOnAGrowableBufferIsReportedAndTheBufferShrinks() {
        LineFramer big = new LineFramer(1000);
        assertEquals(line("x".repeat(998)), big.next(bytes("x".repeat(998) + "\r\n")));
        assertEquals(Frame.NEED_MORE, big.next(bytes("y".repeat(5000))));
        assertEquals(0, big.capacity());
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

    @Test
    void aLineFedOneOctetAtATimeFramesAsWhenItArrivesWhole() {
        String[] inputs = {"ab\r\ncd\nef\r\n", "12345678\r\n123456789\r\n123456789\nnext\r\n", "a\rb\r\n\r\n\n",
                "x".repeat(100) + "\r\nok\r\n", "1234567\r\r\n12345678\r\r\n"};
        for (String input : inputs) {
            LineFramer whole = new LineFramer(10);
            LineFramer octets = new LineFramer(10);
            ByteBuffer in = bytes(input);
            List<Frame> expected = new ArrayList<>();
            for (Frame f = whole.next(in); !(f instanceof Frame.NeedMore); f = whole.next(in)) {
                expected.add(f);
            }
            List<Frame> actual = new ArrayList<>();
            for (byte b : input.getBytes(StandardCharsets.US_ASCII)) {
                Frame f = octets.next(ByteBuffer.wrap(new byte[]{b}));
                if (!(f instanceof Frame.NeedMore)) {
                    actual.add(f);
                }
            }
            assertEquals(expected, actual, input);
            assertEquals(0, octets.capacity(), "the buffer of a split line is let go at its end");
            assertEquals(0, whole.capacity());
        }
    }

    @Test
    void aLineSplitAcrossReadsIsBufferedOnlyUntilItEnds() {
        assertEquals(Frame.NEED_MORE, framer.next(bytes("abc")));
        assertTrue(framer.capacity() > 0);
        assertEquals(line("abcdef"), framer.next(bytes("def\r\nxyz")));
        assertEquals(0, framer.capacity());
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static Frame line(String s) {
        return new Frame.Line(s.getBytes(StandardCharsets.US_ASCII));
    }
}
