package org.postroom.store;

import org.postroom.connector.api.mime.Address;
import org.postroom.connector.api.mime.BodyPart;
import org.postroom.connector.api.mime.Disposition;
import org.postroom.connector.api.mime.Envelope;
import org.postroom.connector.api.mime.MessageStructure;
import org.postroom.connector.api.mime.Parameter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.postroom.model.mime.StructureAnalyzer;

class MessageStructureCodecTest {

    private static BodyPart text(long header, long body, long end) {
        return new BodyPart("text", "plain", List.of(new Parameter("charset", "us-ascii")), null, null, null, header,
                body, end, 3, null, null, List.of(), null, List.of(), null);
    }

    private static MessageStructure deep() {
        Envelope inner = new Envelope("Mon, 1 Jan 2024 00:00:00 +0000", "=?UTF-8?Q?Gr=C3=BC=C3=9Fe?= – ünïcødé 𝄞",
                List.of(new Address("Jö", null, "jo", "example.org")), List.of(), List.of(),
                List.of(Address.groupStart("team"), new Address(null, "@r1,@r2", "a", "b.example"), Address.GROUP_END),
                List.of(), List.of(), "<x@y>", null);
        BodyPart innerAlt = new BodyPart("multipart", "alternative", List.of(new Parameter("boundary", "in")), null,
                null, null, 400, 450, 900, 0, null, null, List.of(), null,
                List.of(text(460, 500, 600), new BodyPart("text", "html",
                        List.of(new Parameter("CHARSET", "utf-8")), "<cid@x>", "the html", "quoted-printable", 610,
                        650, 890, 7, "Q2hlY2sgSW50ZWdyaXR5IQ==",
                        new Disposition("inline", List.of(new Parameter("filename", "ä b.html"))),
                        List.of("en", "de-CH"), "http://example.org/a", List.of(), null)),
                null);
        MessageStructure nested = new MessageStructure(inner, innerAlt);
        BodyPart rfc822 = new BodyPart("message", "rfc822", List.of(), null, null, "7bit", 300, 400, 900, 20, null,
                new Disposition("attachment", List.of()), List.of(), null, List.of(), nested);
        BodyPart top = new BodyPart("multipart", "mixed", List.of(new Parameter("boundary", "out")), null, null,
                null, 0, 100, 1000, 0, null, null, List.of(), null, List.of(text(110, 150, 290), rfc822), null);
        Envelope outer = new Envelope(null, "", List.of(new Address(null, null, "MISSING_MAILBOX", "MISSING_DOMAIN")),
                List.of(), List.of(), List.of(), List.of(), List.of(), null, "<m@x>");
        return new MessageStructure(outer, top);
    }

    @Test
    void deepStructureRoundTrips() {
        MessageStructure s = deep();
        assertEquals(s, MessageStructureCodec.decode(MessageStructureCodec.encode(s)));
    }

    @Test
    void encodingStartsWithTheFormatVersionAndIsStable() {
        byte[] a = MessageStructureCodec.encode(deep());
        assertEquals(MessageStructureCodec.VERSION, a[0]);
        assertArrayEquals(a, MessageStructureCodec.encode(MessageStructureCodec.decode(a)));
    }

    @Test
    void nullsAndEmptyStringsStayDistinct() {
        Envelope e = new Envelope("", null, List.of(new Address("", null, "", "h")), List.of(), List.of(), List.of(),
                List.of(), List.of(), null, "");
        MessageStructure s = new MessageStructure(e, new BodyPart("text", "", List.of(new Parameter("a", "")), "", null,
                null, 0, 0, 0, 0, null, null, List.of(""), "", List.of(), null));
        MessageStructure back = MessageStructureCodec.decode(MessageStructureCodec.encode(s));
        assertEquals(s, back);
        assertEquals(null, back.envelope().subject());
        assertEquals("", back.envelope().date());
    }

    /** What the analysis at delivery produces is what the store keeps: normal, malformed and mutated mail. */
    @Test
    void everyAnalysisRoundTrips() {
        String nested = String.join("\r\n", "From: =?UTF-8?Q?J=C3=B6rg?= <joerg@example.org>",
                "To: Team: \"Ann B.\" <ann@example.org>, bob@example.org;", "Subject: Gr\u00fc\u00dfe",
                "Content-Type: multipart/mixed; boundary=\"o\"", "", "preamble", "--o",
                "Content-Type: text/plain; charset=iso-8859-1", "Content-Transfer-Encoding: quoted-printable",
                "Content-Language: en, de", "", "Caf=E9", "--o", "Content-Type: message/rfc822", "",
                "Subject: inner", "Content-Type: multipart/alternative; boundary=i", "", "--i", "", "deep", "--i",
                "Content-Type: application/pdf; name*0*=utf-8''R%C3%A9s; name*1=\".pdf\"",
                "Content-Disposition: attachment; filename=r.pdf", "Content-Transfer-Encoding: base64", "",
                "JVBERg==", "--i--", "", "--o", "Content-Type: multipart/digest; boundary=d", "", "--d", "",
                "Subject: digest one", "", "x", "--d--", "--o--", "epilogue", "");
        byte[] base = nested.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Random random = new Random(3);
        byte[] alphabet = "-\r\n:;=\"o ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < 2000; i++) {
            byte[] msg = Arrays.copyOf(base, i == 0 ? base.length : random.nextInt(base.length + 1));
            for (int k = 0; i > 0 && k < random.nextInt(10); k++) {
                if (msg.length > 0) {
                    msg[random.nextInt(msg.length)] = alphabet[random.nextInt(alphabet.length)];
                }
            }
            MessageStructure s = StructureAnalyzer.analyze(msg);
            assertEquals(s, MessageStructureCodec.decode(MessageStructureCodec.encode(s)), new String(msg,
                    java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void emptyEnvelopeAndLargeOffsetsRoundTrip() {
        long big = 5L * 1024 * 1024 * 1024;
        MessageStructure s = new MessageStructure(Envelope.EMPTY, text(big, big + 1, big + 100_000));
        assertEquals(s, MessageStructureCodec.decode(MessageStructureCodec.encode(s)));
    }

    @Test
    void nestingHundredsOfLevelsRoundTrips() {
        BodyPart p = text(0, 0, 0);
        for (int i = 0; i < 100; i++) {
            p = new BodyPart("multipart", "mixed", List.of(), null, null, null, 0, 0, 0, 0, null, null, List.of(),
                    null, List.of(p), null);
        }
        MessageStructure s = new MessageStructure(Envelope.EMPTY, p);
        assertEquals(s, MessageStructureCodec.decode(MessageStructureCodec.encode(s)));
    }

    @Test
    void plainTextMessageTakesFewerThan64Bytes() {
        MessageStructure s = new MessageStructure(Envelope.EMPTY, text(0, 120, 4000));
        assertTrue(MessageStructureCodec.encode(s).length < 64);
    }

    @Test
    void everyTruncationIsRejectedWithIllegalArgument() {
        byte[] full = MessageStructureCodec.encode(deep());
        for (int n = 0; n < full.length; n++) {
            byte[] cut = Arrays.copyOf(full, n);
            assertThrows(IllegalArgumentException.class, () -> MessageStructureCodec.decode(cut), "length " + n);
        }
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] full = MessageStructureCodec.encode(deep());
        byte[] longer = Arrays.copyOf(full, full.length + 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MessageStructureCodec.decode(longer));
        assertTrue(e.getMessage().contains("after the end"), e.getMessage());
    }

    @Test
    void unknownVersionIsRejected() {
        byte[] data = MessageStructureCodec.encode(deep());
        data[0] = 99;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MessageStructureCodec.decode(data));
        assertTrue(e.getMessage().contains("version 99"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MessageStructureCodec.decode(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> MessageStructureCodec.decode(null));
    }

    @Test
    void hugeCountsAreRejectedBeforeAllocating() {
        byte[] data = {MessageStructureCodec.VERSION, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
        assertThrows(IllegalArgumentException.class, () -> MessageStructureCodec.decode(data));
    }

    @Test
    void randomCorruptionNeverThrowsAnythingButIllegalArgument() {
        byte[] full = MessageStructureCodec.encode(deep());
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] bad = full.clone();
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                bad[1 + random.nextInt(bad.length - 1)] = (byte) random.nextInt(256);
            }
            try {
                MessageStructureCodec.decode(bad);
            } catch (IllegalArgumentException expected) {
                // the only failure allowed
            }
        }
    }
}
