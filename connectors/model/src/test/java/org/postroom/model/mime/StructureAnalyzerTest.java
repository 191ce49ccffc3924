package org.postroom.model.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.postroom.connector.api.mime.Address;
import org.postroom.connector.api.mime.BodyPart;
import org.postroom.connector.api.mime.Disposition;
import org.postroom.connector.api.mime.Envelope;
import org.postroom.connector.api.mime.MessageStructure;
import org.postroom.connector.api.mime.Parameter;

class StructureAnalyzerTest {

    private static byte[] crlf(String... lines) {
        return String.join("\r\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    private static String header(byte[] msg, BodyPart p) {
        return new String(msg, (int) p.headerOffset(), (int) (p.bodyOffset() - p.headerOffset()),
                StandardCharsets.UTF_8);
    }

    private static String body(byte[] msg, BodyPart p) {
        return new String(msg, (int) p.bodyOffset(), (int) p.bodySize(), StandardCharsets.UTF_8);
    }

    /** (That every analysis survives the store's codec unchanged is MessageStructureCodecTest's, in ejb.) */
    private static MessageStructure analyze(byte[] msg) {
        return StructureAnalyzer.analyze(msg);
    }

    private static final byte[] NESTED = crlf(
            "From: =?UTF-8?Q?J=C3=B6rg?= <joerg@example.org>",
            "To: Team: \"Ann B.\" <ann@example.org>, bob@example.org;, carl@example.net",
            "Subject: nested",
            " and folded",
            "Date: Tue, 14 Nov 2023 22:13:20 +0000",
            "Message-ID: <top@example.org>",
            "In-Reply-To: <prev@example.org>",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"outer;b\"",
            "",
            "This is the preamble.",
            "--outer;b",
            "Content-Type: multipart/alternative; boundary=inner",
            "",
            "--inner",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "",
            "Grüße",
            "second line",
            "--inner",
            "Content-Type: text/html",
            "",
            "<p>hi</p>",
            "--inner--",
            "",
            "--outer;b",
            "Content-Type: message/rfc822",
            "Content-Description: the forwarded one",
            "",
            "From: carl@example.net",
            "Subject: inner",
            "Content-Type: multipart/mixed; boundary=deep",
            "",
            "--deep",
            "",
            "deep text",
            "--deep",
            "Content-Type: application/pdf; name*0*=utf-8''R%C3%A9sum%C3%A9; name*1=\" final.pdf\"",
            "Content-Disposition: ATTACHMENT; filename*=utf-8''R%C3%A9sum%C3%A9.pdf; size=3",
            "Content-Transfer-Encoding: base64",
            "Content-ID: <pdf@example.org>",
            "Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==",
            "Content-Language: en, de-CH",
            "Content-Location: http://example.org/r.pdf",
            "",
            "JVBERg==",
            "--deep--",
            "",
            "--outer;b--",
            "epilogue",
            "");

    @Test
    void nestedMultipartsAndEncapsulatedMessageHaveExactSectionOffsets() {
        MessageStructure s = analyze(NESTED);
        BodyPart top = s.body();
        assertEquals("multipart/mixed", top.type() + "/" + top.subtype());
        assertEquals(0, top.headerOffset());
        assertTrue(header(NESTED, top).startsWith("From: "));
        assertTrue(header(NESTED, top).endsWith("boundary=\"outer;b\"\r\n\r\n"));
        assertEquals(List.of(new Parameter("boundary", "outer;b")), top.parameters());
        assertEquals(2, top.children().size());

        BodyPart alt = top.children().get(0);
        assertEquals("multipart/alternative", alt.type() + "/" + alt.subtype());
        assertEquals("Content-Type: multipart/alternative; boundary=inner\r\n\r\n", header(NESTED, alt));
        BodyPart plain = alt.children().get(0);
        assertEquals("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n",
                header(NESTED, plain));
        assertEquals("Grüße\r\nsecond line", body(NESTED, plain));
        assertEquals(2, plain.lines());
        assertEquals("Grüße\r\nsecond line".getBytes(StandardCharsets.UTF_8).length, plain.bodySize());
        assertEquals("8bit", plain.encoding());
        BodyPart html = alt.children().get(1);
        assertEquals("<p>hi</p>", body(NESTED, html));
        assertEquals(List.of(new Parameter("charset", "us-ascii")), html.parameters(), "default charset");
        assertTrue(body(NESTED, alt).startsWith("--inner\r\n"));
        assertTrue(body(NESTED, alt).endsWith("--inner--\r\n"), "the alternative ends before the outer boundary");

        BodyPart forwarded = top.children().get(1);
        assertEquals("message/rfc822", forwarded.type() + "/" + forwarded.subtype());
        assertEquals("the forwarded one", forwarded.description());
        MessageStructure inner = forwarded.message();
        assertNotNull(inner);
        assertEquals("inner", inner.envelope().subject());
        assertEquals(List.of(new Address(null, null, "carl", "example.net")), inner.envelope().from());
        assertEquals(forwarded.bodyOffset(), inner.body().headerOffset(), "offsets stay message-wide");
        assertEquals(forwarded.endOffset(), inner.body().endOffset());
        assertEquals("From: carl@example.net\r\nSubject: inner\r\nContent-Type: multipart/mixed; boundary=deep\r\n\r\n",
                header(NESTED, inner.body()));
        assertEquals(body(NESTED, forwarded).split("\r\n", -1).length - 1, forwarded.lines(),
                "the body ends with a line break");

        BodyPart deepText = inner.body().children().get(0);
        assertEquals("\r\n", header(NESTED, deepText), "a part without fields has just the blank line");
        assertEquals("deep text", body(NESTED, deepText));
        assertEquals("text/plain", deepText.type() + "/" + deepText.subtype());

        BodyPart pdf = inner.body().children().get(1);
        assertEquals("JVBERg==", body(NESTED, pdf));
        assertEquals(List.of(new Parameter("name", "Résumé final.pdf")), pdf.parameters());
        assertEquals(new Disposition("attachment",
                List.of(new Parameter("filename", "Résumé.pdf"), new Parameter("size", "3"))), pdf.disposition());
        assertEquals("base64", pdf.encoding());
        assertEquals("<pdf@example.org>", pdf.id());
        assertEquals("Q2hlY2sgSW50ZWdyaXR5IQ==", pdf.md5());
        assertEquals(List.of("en", "de-CH"), pdf.language());
        assertEquals("http://example.org/r.pdf", pdf.location());
        assertEquals(0, pdf.lines(), "lines only for text and message parts");
    }

    @Test
    void envelopeKeepsRawUnfoldedValuesAndSplitsAddressesWithGroups() {
        Envelope e = analyze(NESTED).envelope();
        assertEquals("nested and folded", e.subject());
        assertEquals("Tue, 14 Nov 2023 22:13:20 +0000", e.date());
        assertEquals("<top@example.org>", e.messageId());
        assertEquals("<prev@example.org>", e.inReplyTo());
        assertEquals(List.of(new Address("=?UTF-8?Q?J=C3=B6rg?=", null, "joerg", "example.org")), e.from(),
                "encoded-words are not decoded");
        assertEquals(List.of(Address.groupStart("Team"), new Address("Ann B.", null, "ann", "example.org"),
                new Address(null, null, "bob", "example.org"), Address.GROUP_END,
                new Address(null, null, "carl", "example.net")), e.to());
        assertEquals(List.of(), e.cc());
        assertEquals(List.of(), e.sender());
    }

    @Test
    void messageWithoutContentTypeIsUsAsciiTextWithItsLines() {
        byte[] msg = crlf("Subject: hi", "", "one", "two", "");
        MessageStructure s = analyze(msg);
        BodyPart b = s.body();
        assertEquals("text", b.type());
        assertEquals("plain", b.subtype());
        assertEquals(List.of(new Parameter("charset", "us-ascii")), b.parameters());
        assertEquals("Subject: hi\r\n\r\n", header(msg, b));
        assertEquals("one\r\ntwo\r\n", body(msg, b));
        assertEquals(2, b.lines());
        assertEquals(msg.length, b.endOffset());
    }

    @Test
    void bareLineFeedsAreLineEndsToo() {
        byte[] msg = "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nhello\n--b--\n"
                .getBytes(StandardCharsets.US_ASCII);
        BodyPart part = analyze(msg).body().children().get(0);
        assertEquals("Content-Type: text/plain\n\n", header(msg, part));
        assertEquals("hello", body(msg, part));
        assertEquals(1, part.lines());
    }

    @Test
    void headerWithoutBlankLineHasAnEmptyBody() {
        byte[] msg = crlf("Subject: only a header", "From: a@b.example");
        MessageStructure s = analyze(msg);
        assertEquals(msg.length, s.body().bodyOffset());
        assertEquals(0, s.body().bodySize());
        assertEquals("only a header", s.envelope().subject());
    }

    @Test
    void aLineThatIsNotAFieldStartsTheBody() {
        byte[] msg = crlf("Subject: x", "this is no header", "more");
        BodyPart b = analyze(msg).body();
        assertEquals("Subject: x\r\n", header(msg, b));
        assertEquals("this is no header\r\nmore", body(msg, b));
    }

    @Test
    void emptyMessageIsAnEmptyTextPart() {
        MessageStructure s = analyze(new byte[0]);
        assertEquals(Envelope.EMPTY, s.envelope());
        assertEquals(0, s.body().endOffset());
        assertEquals("text", s.body().type());
        assertEquals(s, StructureAnalyzer.analyze(null));
    }

    @Test
    void multipartWithoutBoundaryOrPartsIsDescribedAsText() {
        for (byte[] msg : List.of(crlf("Content-Type: multipart/mixed", "", "body"),
                crlf("Content-Type: multipart/mixed; boundary=zz", "", "no boundary line here"))) {
            BodyPart b = analyze(msg).body();
            assertEquals("text/plain", b.type() + "/" + b.subtype());
            assertEquals(List.of(new Parameter("charset", "us-ascii")), b.parameters());
            assertTrue(b.children().isEmpty());
        }
    }

    @Test
    void truncatedMultipartEndsItsLastPartAtTheEnd() {
        byte[] msg = crlf("Content-Type: multipart/mixed; boundary=b", "", "--b", "", "first", "--b", "", "cut off");
        BodyPart b = analyze(msg).body();
        assertEquals(2, b.children().size());
        assertEquals("first", body(msg, b.children().get(0)));
        assertEquals("cut off", body(msg, b.children().get(1)));
        assertEquals(msg.length, b.children().get(1).endOffset());
    }

    @Test
    void duplicateCloseDelimiterAndEpilogueAreIgnored() {
        byte[] msg = crlf("Content-Type: multipart/mixed; boundary=b", "", "--b", "", "a", "--b--", "--b", "", "x",
                "--b--", "");
        BodyPart b = analyze(msg).body();
        assertEquals(1, b.children().size());
        assertEquals("a", body(msg, b.children().get(0)));
    }

    @Test
    void boundaryPrefixWithMoreTextIsNotABoundary() {
        byte[] msg = crlf("Content-Type: multipart/mixed; boundary=b", "", "--b", "", "--bx is text", "--b--");
        BodyPart b = analyze(msg).body();
        assertEquals(1, b.children().size());
        assertEquals("--bx is text", body(msg, b.children().get(0)));
    }

    @Test
    void digestPartsDefaultToMessageRfc822() {
        byte[] msg = crlf("Content-Type: multipart/digest; boundary=d", "", "--d", "", "Subject: one", "", "body 1",
                "--d", "Content-Type: text/plain", "", "plain", "--d--", "");
        BodyPart b = analyze(msg).body();
        BodyPart first = b.children().get(0);
        assertEquals("message/rfc822", first.type() + "/" + first.subtype());
        assertEquals("one", first.message().envelope().subject());
        assertEquals("body 1", body(msg, first.message().body()));
        assertEquals("text", b.children().get(1).type());
    }

    @Test
    void encodedMessageRfc822IsOpaque() {
        byte[] msg = crlf("Content-Type: message/rfc822", "Content-Transfer-Encoding: base64", "", "U3ViamVjdDogeA==");
        BodyPart b = analyze(msg).body();
        assertEquals("application/octet-stream", b.type() + "/" + b.subtype());
        assertNull(b.message());
    }

    @Test
    void nestingDeeperThanTheCapIsOpaque() {
        StringBuilder sb = new StringBuilder();
        int levels = 200;
        for (int i = 0; i < levels; i++) {
            sb.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n--b").append(i)
                    .append("\r\n");
        }
        sb.append("\r\nleaf\r\n");
        byte[] msg = sb.toString().getBytes(StandardCharsets.US_ASCII);
        BodyPart p = analyze(msg).body();
        int depth = 0;
        while (p.isMultipart()) {
            p = p.children().get(0);
            depth++;
        }
        assertEquals(StructureAnalyzer.MAX_DEPTH, depth);
        assertEquals("application/octet-stream", p.type() + "/" + p.subtype());
    }

    @Test
    void deeplyNestedMessagesAreCappedToo() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            sb.append("Content-Type: message/rfc822\r\n\r\n");
        }
        MessageStructure s = analyze(sb.toString().getBytes(StandardCharsets.US_ASCII));
        int depth = 0;
        BodyPart p = s.body();
        while (p.isMessageRfc822()) {
            p = p.message().body();
            depth++;
        }
        assertEquals(StructureAnalyzer.MAX_DEPTH, depth);
    }

    @Test
    void millionsOfEmptyPartsAreCapped() {
        String msg = "Content-Type: multipart/mixed; boundary=b\r\n\r\n" + "--b\r\n".repeat(50_000);
        BodyPart b = analyze(msg.getBytes(StandardCharsets.US_ASCII)).body();
        assertEquals(StructureAnalyzer.MAX_PARTS - 1, b.children().size());
    }

    @Test
    void boundaryInsideQuotedParameterIsKeptWhole() {
        byte[] msg = crlf("Content-Type: multipart/mixed; boundary=\"a b;c=d\"; charset=x", "", "--a b;c=d", "",
                "in", "--a b;c=d--");
        BodyPart b = analyze(msg).body();
        assertEquals("a b;c=d", b.parameters().get(0).value());
        assertEquals("in", body(msg, b.children().get(0)));
    }

    @Test
    void eightBitAndUtf8HeadersAreRead() {
        byte[] utf8 = crlf("Subject: Grüße", "From: Jörg <jörg@bücher.example>", "", "x");
        Envelope e = analyze(utf8).envelope();
        assertEquals("Grüße", e.subject());
        assertEquals(List.of(new Address("Jörg", null, "jörg", "bücher.example")), e.from());
        byte[] latin1 = "Subject: Gr\u00fc\u00dfe\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("Grüße", analyze(latin1).envelope().subject(), "not UTF-8: read as ISO-8859-1");
    }

    @Test
    void invalidContentTypeFallsBackToTextPlain() {
        BodyPart b = analyze(crlf("Content-Type: garbage", "", "x")).body();
        assertEquals("text/plain", b.type() + "/" + b.subtype());
        assertEquals(List.of(new Parameter("charset", "us-ascii")), b.parameters());
    }

    @Test
    void contentTypeIsLowerCasedButParametersKeepTheirOrderAndSpelling() {
        BodyPart b = analyze(crlf("Content-Type: Text/HTML; Format=flowed; CHARSET=\"UTF-8\"", "", "x")).body();
        assertEquals("text/html", b.type() + "/" + b.subtype());
        assertEquals(List.of(new Parameter("Format", "flowed"), new Parameter("CHARSET", "UTF-8")), b.parameters());
    }

    @Test
    void firstOccurrenceOfAFieldCounts() {
        Envelope e = analyze(crlf("Subject: one", "Subject: two", "", "")).envelope();
        assertEquals("one", e.subject());
    }

    @Test
    void randomBytesNeverThrowAndStayInsideTheMessage() {
        Random random = new Random(7);
        for (int i = 0; i < 3000; i++) {
            byte[] msg = new byte[random.nextInt(400)];
            random.nextBytes(msg);
            checkWithinBounds(analyze(msg).body(), msg.length);
        }
    }

    @Test
    void mutatedAndTruncatedMimeNeverThrows() {
        Random random = new Random(11);
        byte[] alphabet = "-\r\n:;=\"b ".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 3000; i++) {
            byte[] msg = java.util.Arrays.copyOf(NESTED, random.nextInt(NESTED.length + 1));
            for (int k = 0; k < random.nextInt(10); k++) {
                if (msg.length > 0) {
                    msg[random.nextInt(msg.length)] = alphabet[random.nextInt(alphabet.length)];
                }
            }
            checkWithinBounds(analyze(msg).body(), msg.length);
        }
    }

    private static void checkWithinBounds(BodyPart p, int length) {
        assertTrue(p.endOffset() <= length);
        for (BodyPart c : p.children()) {
            assertTrue(c.headerOffset() >= p.bodyOffset() && c.endOffset() <= p.endOffset());
            checkWithinBounds(c, length);
        }
        if (p.message() != null) {
            assertEquals(p.bodyOffset(), p.message().body().headerOffset());
            checkWithinBounds(p.message().body(), length);
        }
    }

    @Test
    void bareCarriageReturnInAContentTypeDoesNotHideTheMimeStructure() {
        // found by StructureAnalyzerFuzzTest: a lone CR inside a header value made Mime4j refuse the field ("header
        // injection"), and the whole message fell back to one opaque text part, its attachments invisible to IMAP
        byte[] msg = crlf("Content-Type: multipart/mixed;\r boundary=b", "", "--b", "Content-Type: text/plain", "",
                "hello", "--b", "Content-Type: application/pdf;\rname=x.pdf", "", "JVBERi0=", "--b--", "");
        BodyPart body = StructureAnalyzer.analyze(msg).body();
        assertEquals("multipart", body.type());
        assertEquals(2, body.children().size());
        assertEquals("pdf", body.children().get(1).subtype());
        assertEquals(List.of(new Parameter("name", "x.pdf")), body.children().get(1).parameters());
    }
}
