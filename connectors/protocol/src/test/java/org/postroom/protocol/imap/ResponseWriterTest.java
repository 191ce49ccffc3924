package org.postroom.protocol.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseWriterTest {

    @Test
    void letsGoOfTheBufferOfABigResponse() {
        ResponseWriter out = new ResponseWriter();
        out.raw("* OK small").crlf();
        out.reset();
        int small = out.capacity();
        out.bytes(new byte[200_000]);
        assertTrue(out.capacity() >= 200_000);
        out.reset();
        assertEquals(0, out.size());
        assertEquals(small, out.capacity());
    }

    @Test
    void holdsNoBufferBetweenResponses() {
        ResponseWriter out = new ResponseWriter();
        assertEquals(0, out.capacity());
        out.raw("* OK small").crlf();
        assertEquals("* OK small\r\n", new String(out.toByteArray(), StandardCharsets.US_ASCII));
        assertTrue(out.capacity() >= ResponseWriter.INITIAL_CAPACITY);
        out.reset();
        assertEquals(0, out.capacity());
        out.raw("* OK again").crlf();
        assertEquals("* OK again\r\n", new String(out.toByteArray(), StandardCharsets.US_ASCII));
    }
}
