package org.postroom.protocol.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertTrue(out.capacity() <= ImapConfig.RETAINED_BUFFER_BYTES, "capacity " + out.capacity());
        assertEquals(small, out.capacity());
    }
}
