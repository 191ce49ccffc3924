package org.postroom.protocol.smtp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class DotStufferTest {

    private static String stuff(int chunkSize, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.US_ASCII);
        DotStuffer s = new DotStuffer();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < bytes.length; i += chunkSize) {
            out.writeBytes(s.stuff(bytes, i, Math.min(chunkSize, bytes.length - i)));
        }
        out.writeBytes(s.finish());
        return out.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void leadingPeriodsAreDoubledWhateverTheChunking() {
        String content = ".first\r\nmiddle.\r\n..two\r\n.\r\nlast\r\n";
        String expected = "..first\r\nmiddle.\r\n...two\r\n..\r\nlast\r\n.\r\n";
        for (int chunk = 1; chunk <= content.length(); chunk++) {
            assertEquals(expected, stuff(chunk, content), "chunk " + chunk);
        }
    }

    @Test
    void contentWithoutAFinalCrlfGetsOneBeforeTheDot() {
        assertEquals("a\r\nb\r\n.\r\n", stuff(4, "a\r\nb"));
    }

    @Test
    void contentEndingWithABareLfStillEndsWithCrlfDotCrlf() {
        assertEquals("a\r\nb\n\r\n.\r\n", stuff(3, "a\r\nb\n"));
    }

    @Test
    void emptyContentIsJustTheDot() {
        assertEquals(".\r\n", stuff(1, ""));
    }
}
