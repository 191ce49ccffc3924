package org.postroom.protocol.imap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The response buffer, exact bytes. */
class ImapResponseWriterTest {

    private static String text(ResponseWriter out) {
        return new String(out.toByteArray(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void numbersLiteralsAndQuotedStringsAreWrittenExactly() {
        ResponseWriter out = new ResponseWriter();
        out.raw("* ").number(7).sp().number(4_294_967_295L).sp().literal("ab\r\n".getBytes(StandardCharsets.US_ASCII))
                .sp().string("say \"hi\"").sp().nstring(null).crlf();
        assertEquals("* 7 4294967295 {4}\r\nab\r\n \"say \\\"hi\\\"\" NIL\r\n", text(out));
        assertEquals(out.toByteArray().length, out.size());
    }

    @Test
    void rawWritesLatin1AndReplacesWhatItCannotEncode() {
        ResponseWriter out = new ResponseWriter().raw("é€");
        assertArrayEquals(new byte[]{(byte) 0xe9, '?'}, out.toByteArray());
    }

    @Test
    void aLargeResponseGrowsTheBufferAndResetStartsEmpty() {
        byte[] big = new byte[3 << 20];
        Arrays.fill(big, (byte) 'x');
        ResponseWriter out = new ResponseWriter().raw("a").literal(big);
        assertEquals(1 + "{3145728}\r\n".length() + big.length, out.size());
        out.reset();
        assertEquals(0, out.size());
        assertEquals("b", text(out.raw("b")));
    }
}
