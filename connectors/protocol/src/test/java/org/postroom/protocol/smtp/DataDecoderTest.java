package org.postroom.protocol.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.postroom.protocol.smtp.DataDecoder.Outcome;

/** The DATA decoder alone, with exact bytes. */
class DataDecoderTest {

    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();

    private DataDecoder decoder(long maxSize) {
        return new DataDecoder(sink, maxSize, 2);
    }

    @Test
    void endsOnlyOnCrLfDotCrLfAndLeavesWhatFollows() {
        DataDecoder decoder = decoder(1000);
        ByteBuffer in = bytes("a\r\n.b\r\n..\r\n.\r\nQUIT\r\n");
        assertTrue(decoder.feed(in));
        assertEquals(Outcome.COMPLETE, decoder.outcome());
        assertEquals("a\r\nb\r\n.\r\n", sink.toString(StandardCharsets.US_ASCII));
        assertEquals("QUIT\r\n", StandardCharsets.US_ASCII.decode(in).toString());
        assertEquals(9, decoder.size());
    }

    @Test
    void everyChunkingGivesTheSameResult() {
        String input = "Received: x\r\nSubject: s\r\n\r\n..a\r\nb.\r\n.\r\n";
        for (int split = 0; split <= input.length(); split++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            DataDecoder decoder = new DataDecoder(out, 1000, 50);
            boolean ended = decoder.feed(bytes(input.substring(0, split)));
            ended = ended || decoder.feed(bytes(input.substring(split)));
            assertTrue(ended, "split at " + split);
            assertEquals("Received: x\r\nSubject: s\r\n\r\n.a\r\nb.\r\n", out.toString(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void bareLineEndingsAreRefusedButDoNotEndTheData() {
        for (String lookalike : new String[]{"\n.\n", "\r.\r", "\r\n.\n", "\n.\r\n", "\r\n.\r", "x\ry"}) {
            DataDecoder decoder = new DataDecoder(new ByteArrayOutputStream(), 1000, 50);
            assertFalse(decoder.feed(bytes("a" + lookalike + "MAIL FROM:<x@y>\r\n")), lookalike);
            assertTrue(decoder.feed(bytes(".\r\n")));
            assertEquals(Outcome.BARE_LINE_ENDING, decoder.outcome(), lookalike);
        }
    }

    @Test
    void sizeLimitStopsWritingButKeepsReadingToTheEnd() {
        DataDecoder decoder = decoder(5);
        assertFalse(decoder.feed(bytes("12345\r\n67890\r\n")));
        assertTrue(decoder.feed(bytes(".\r\n")));
        assertEquals(Outcome.TOO_LARGE, decoder.outcome());
        assertEquals(14, decoder.size());
        assertTrue(sink.size() <= 5, "never more than the limit reaches the sink");
    }

    @Test
    void receivedHeadersAreCountedOnlyInTheHeaderSection() {
        DataDecoder loop = decoder(1000);
        loop.feed(bytes("Received: a\r\nRECEIVED: b\r\nreceived:c\r\n\r\n.\r\n"));
        assertEquals(Outcome.MAIL_LOOP, loop.outcome());

        DataDecoder fine = new DataDecoder(new ByteArrayOutputStream(), 1000, 2);
        fine.feed(bytes("Received: a\r\nReceived: b\r\nReceivedX: c\r\n\r\nReceived: in body\r\n.\r\n"));
        assertEquals(Outcome.COMPLETE, fine.outcome());
    }

    @Test
    void sinkFailureIsReportedAtTheEnd() {
        DataDecoder decoder = new DataDecoder(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }
        }, 1000, 50);
        assertTrue(decoder.feed(bytes("a\r\n.\r\n")));
        assertEquals(Outcome.SINK_FAILED, decoder.outcome());
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
