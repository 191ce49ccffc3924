package org.postroom.protocol.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postroom.connector.api.mime.Address;
import org.postroom.connector.api.mime.BodyPart;
import org.postroom.connector.api.mime.Disposition;
import org.postroom.connector.api.mime.Envelope;
import org.postroom.connector.api.mime.MessageStructure;
import org.postroom.connector.api.mime.Parameter;

/** ENVELOPE, BODY and BODYSTRUCTURE from hand-built structures, exact bytes. */
class ImapStructureEncoderTest {

    private static String envelope(Envelope e) {
        ResponseWriter out = new ResponseWriter();
        StructureEncoder.envelope(out, e);
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    private static String body(BodyPart part, boolean extended) {
        ResponseWriter out = new ResponseWriter();
        StructureEncoder.body(out, part, extended);
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    private static BodyPart leaf(String type, String subtype, List<Parameter> params, String encoding, long size,
            long lines) {
        return new BodyPart(type, subtype, params, null, null, encoding, 0, 0, size, lines, null, null, List.of(),
                null, List.of(), null);
    }

    @Test
    void envelopeOfAnEmptyHeaderIsAllNil() {
        assertEquals("(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)", envelope(Envelope.EMPTY));
    }

    @Test
    void envelopeDefaultsSenderAndReplyToToFromAndRendersGroups() {
        Address alice = new Address("Alice \"A\"", null, "alice", "example.org");
        Envelope e = new Envelope("Mon, 2 Nov 2026 10:00:00 +0000", "Hi", List.of(alice), List.of(), List.of(),
                List.of(Address.groupStart("team"), new Address(null, "@relay", "bob", "example.org"),
                        Address.GROUP_END),
                List.of(), List.of(), "<p@x>", "<m@x>");
        assertEquals("(\"Mon, 2 Nov 2026 10:00:00 +0000\" \"Hi\" ((\"Alice \\\"A\\\"\" NIL \"alice\" \"example.org\")) "
                + "((\"Alice \\\"A\\\"\" NIL \"alice\" \"example.org\")) ((\"Alice \\\"A\\\"\" NIL \"alice\" "
                + "\"example.org\")) ((NIL NIL \"team\" NIL)(NIL \"@relay\" \"bob\" \"example.org\")(NIL NIL NIL NIL)) "
                + "NIL NIL \"<p@x>\" \"<m@x>\")", envelope(e));
    }

    @Test
    void singleTextPartHasSizeAndLinesAndNilExtensions() {
        BodyPart text = leaf("text", "plain", List.of(new Parameter("charset", "us-ascii")), null, 120, 4);
        assertEquals("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 120 4)", body(text, false));
        assertEquals("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 120 4 NIL NIL NIL NIL)",
                body(text, true));
    }

    @Test
    void nonTextPartHasNoLinesAndEmptyParametersAreNil() {
        assertEquals("(\"IMAGE\" \"PNG\" NIL NIL NIL \"BASE64\" 300)",
                body(leaf("image", "png", List.of(), "base64", 300, 5), false));
    }

    @Test
    void multipartWithExtensionDataCarriesEveryField() {
        BodyPart html = new BodyPart("text", "html", List.of(new Parameter("charset", "utf-8")), "<c1@x>",
                "the HTML", "quoted-printable", 0, 0, 50, 2, "Q2hlY2sgSW50ZWdyaXR5IQ==",
                new Disposition("inline", List.of()), List.of("en", "de"), "http://x/y", List.of(), null);
        BodyPart pdf = new BodyPart("application", "pdf", List.of(), null, null, "base64", 0, 0, 1000, 0, null,
                new Disposition("attachment", List.of(new Parameter("filename", "r.pdf"))), List.of("fr"), null,
                List.of(), null);
        BodyPart mixed = new BodyPart("multipart", "mixed", List.of(new Parameter("boundary", "b")), null, null,
                null, 0, 0, 1100, 0, null, null, List.of(), null, List.of(html, pdf), null);
        assertEquals("((\"TEXT\" \"HTML\" (\"CHARSET\" \"utf-8\") \"<c1@x>\" \"the HTML\" \"QUOTED-PRINTABLE\" 50 2 "
                + "\"Q2hlY2sgSW50ZWdyaXR5IQ==\" (\"INLINE\" NIL) (\"en\" \"de\") \"http://x/y\")"
                + "(\"APPLICATION\" \"PDF\" NIL NIL NIL \"BASE64\" 1000 NIL (\"ATTACHMENT\" (\"FILENAME\" \"r.pdf\")) "
                + "\"fr\" NIL) \"MIXED\" (\"BOUNDARY\" \"b\") NIL NIL NIL)", body(mixed, true));
        assertEquals("((\"TEXT\" \"HTML\" (\"CHARSET\" \"utf-8\") \"<c1@x>\" \"the HTML\" \"QUOTED-PRINTABLE\" 50 2)"
                + "(\"APPLICATION\" \"PDF\" NIL NIL NIL \"BASE64\" 1000) \"MIXED\")", body(mixed, false));
    }

    @Test
    void messageRfc822PartCarriesEnvelopeBodyAndLines() {
        MessageStructure inner = new MessageStructure(new Envelope(null, "inner", List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), null, null),
                leaf("text", "plain", List.of(new Parameter("charset", "us-ascii")), "7bit", 10, 1));
        BodyPart rfc822 = new BodyPart("message", "rfc822", List.of(), null, null, null, 0, 0, 60, 3, null, null,
                List.of(), null, List.of(), inner);
        assertEquals("(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 60 (NIL \"inner\" NIL NIL NIL NIL NIL NIL NIL NIL) "
                + "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 10 1) 3)", body(rfc822, false));
        assertEquals("(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 60 (NIL \"inner\" NIL NIL NIL NIL NIL NIL NIL NIL) "
                + "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 10 1 NIL NIL NIL NIL) 3 "
                + "NIL NIL NIL NIL)", body(rfc822, true));
    }

    @Test
    void eightBitParameterValuesGoAsLiterals() {
        BodyPart part = leaf("application", "octet-stream", List.of(new Parameter("name", "r\u00e9sum\u00e9.pdf")),
                "base64", 1, 0);
        assertEquals("(\"APPLICATION\" \"OCTET-STREAM\" (\"NAME\" {12}\r\nr\u00e9sum\u00e9.pdf) NIL NIL \"BASE64\" 1)",
                body(part, false));
    }

    @Test
    void flagsAreListedSystemFirstThenRecentThenKeywordsSorted() {
        ResponseWriter out = new ResponseWriter().flags(java.util.Set.of("$b", "\\Seen", "$a", "\\Answered"), true);
        assertEquals("(\\Answered \\Seen \\Recent $a $b)", new String(out.toByteArray(), StandardCharsets.US_ASCII));
    }

    @Test
    void copyUidListsKeepTheirOrderAndCompressRuns() {
        assertEquals("3:5,9,2", CopyCommand.compress(List.of(3L, 4L, 5L, 9L, 2L)));
    }

    @Test
    void sectionsOfAMessageWithoutStructureFallBackToTheBlankLine() {
        byte[] m = "A: 1\r\nB: 2\r\n folded\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        FetchItem.Section header = new FetchItem.Section(List.of(), FetchItem.Text.HEADER, List.of());
        FetchItem.Section text = new FetchItem.Section(List.of(), FetchItem.Text.TEXT, List.of());
        FetchItem.Section onlyB = new FetchItem.Section(List.of(), FetchItem.Text.HEADER_FIELDS, List.of("B"));
        FetchItem.Section notB = new FetchItem.Section(List.of(), FetchItem.Text.HEADER_FIELDS_NOT, List.of("B"));
        assertEquals("A: 1\r\nB: 2\r\n folded\r\n\r\n", slice(m, header));
        assertEquals("body\r\n", slice(m, text));
        assertEquals("B: 2\r\n folded\r\n\r\n", slice(m, onlyB));
        assertEquals("A: 1\r\n\r\n", slice(m, notB));
        assertEquals("dy", new String(SectionSlicer.partial("body".getBytes(), 2, 10)));
        assertEquals("", new String(SectionSlicer.partial("body".getBytes(), 9, 10)));
    }

    private static String slice(byte[] m, FetchItem.Section s) {
        return new String(SectionSlicer.slice(m, null, s).orElseThrow(), StandardCharsets.US_ASCII);
    }
}
