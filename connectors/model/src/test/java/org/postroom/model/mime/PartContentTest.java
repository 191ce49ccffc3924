package org.postroom.model.mime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.postroom.connector.api.mime.BodyPart;

/** A part's content as its BODYSTRUCTURE declares it (ADR 0038). */
class PartContentTest {

    private static String text(String message) {
        byte[] m = message.getBytes(StandardCharsets.ISO_8859_1);
        return PartContent.text(m, StructureAnalyzer.analyze(m).body());
    }

    @Test
    void base64IsDecodedSkippingWhatIsNotBase64() {
        assertEquals("Überweisung", text("Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: Base64\r\n\r\nw5xiZXJ3\r\nZWlz*dW5n\r\n"));
    }

    @Test
    void quotedPrintableSoftLineBreaksJoinAndEscapesDecode() {
        assertEquals("Straße und zusammengeschrieben\r\n", text("Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\nStra=C3=9Fe und zusammen=\r\ngeschrieben\r\n"));
    }

    @Test
    void theDeclaredCharsetDecides() {
        assertEquals("café", text("Content-Type: text/plain; charset=ISO-8859-1\r\n\r\ncaf\u00e9"));
        String utf8AsLatin1 = new String("café".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertEquals("cafÃ©", text("Content-Type: text/plain; charset=ISO-8859-1\r\n\r\n" + utf8AsLatin1));
    }

    @Test
    void usAsciiAndUnknownCharsetsReadAsUtf8OrElseIso88591() {
        String utf8AsLatin1 = new String("café".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertEquals("café", text("Subject: none declared\r\n\r\n" + utf8AsLatin1));
        assertEquals("café", text("Content-Type: text/plain; charset=us-ascii\r\n\r\n" + utf8AsLatin1));
        assertEquals("café", text("Content-Type: text/plain; charset=no-such-thing\r\n\r\n" + utf8AsLatin1));
        assertEquals("café", text("Content-Type: text/plain; charset=\"x y\"\r\n\r\ncaf\u00e9"));
    }

    @Test
    void otherEncodingsAreTheIdentity() {
        byte[] m = "Content-Transfer-Encoding: x-uuencode\r\n\r\nbegin 644 x".getBytes(StandardCharsets.US_ASCII);
        BodyPart body = StructureAnalyzer.analyze(m).body();
        assertArrayEquals("begin 644 x".getBytes(StandardCharsets.US_ASCII), PartContent.decodedBody(m, body));
    }
}
