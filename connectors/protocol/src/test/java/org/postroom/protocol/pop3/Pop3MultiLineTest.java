package org.postroom.protocol.pop3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** RETR's bulk dot-stuffing of a message in memory gives the bytes of the octet-by-octet encoder. */
class Pop3MultiLineTest {

    private static byte[] bulk(byte[] message) throws IOException {
        return Pop3MultiLine.ofMessage(Pop3Replies.MESSAGE_FOLLOWS, message, -1).body();
    }

    private static byte[] octetByOctet(byte[] message) throws IOException {
        return Pop3MultiLine.ofMessage(Pop3Replies.MESSAGE_FOLLOWS, new ByteArrayInputStream(message), -1).body();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void linesStartingWithADotGetAnotherAndTheLastLineItsCrlf() throws IOException {
        assertArrayEquals(ascii("..a\r\nb\r\n..\r\n...x\r\n"), bulk(ascii(".a\r\nb\r\n.\r\n..x")));
        assertArrayEquals(ascii("a\r\n"), bulk(ascii("a\r")));
        assertArrayEquals(ascii("a\n\r\n"), bulk(ascii("a\n")), "a bare LF ends no line the client can see");
        assertArrayEquals(ascii("a.b\r\n"), bulk(ascii("a.b\r\n")));
        assertArrayEquals(new byte[0], bulk(new byte[0]));
        assertArrayEquals(ascii("..\r\n"), bulk(ascii(".")));
    }

    @Test
    void randomMessagesOfDotsAndLineEndsEncodeAsTheOctetByOctetEncoderDoes() throws IOException {
        Random random = new Random(15);
        byte[] alphabet = ascii(".\r\nab");
        for (int round = 0; round < 20_000; round++) {
            byte[] message = new byte[random.nextInt(12)];
            for (int i = 0; i < message.length; i++) {
                message[i] = alphabet[random.nextInt(alphabet.length)];
            }
            assertArrayEquals(octetByOctet(message), bulk(message),
                    () -> new String(message, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n"));
        }
    }

    @Test
    void theEncodedResponseIsStatusBodyAndTerminator() throws IOException {
        Pop3Output output = new Pop3Output(java.util.List.of(
                Pop3MultiLine.ofMessage(Pop3Replies.MESSAGE_FOLLOWS, ascii(".x\r\n"), -1)), false, false);
        String encoded = new String(output.encode(), StandardCharsets.ISO_8859_1);
        assertEquals("..x\r\n.\r\n", encoded.substring(encoded.indexOf("\r\n") + 2));
    }
}
