package org.postroom.model.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The header rules FETCH and SEARCH share (ADR 0038). */
class MimeHeaderTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static MimeHeader read(byte[] m) {
        return MimeHeader.read(m, 0, m.length);
    }

    @Test
    void everyFieldInOrderWithRepeatsUnfoldedAndStripped() {
        byte[] m = bytes("Received: by a\r\nSubject:  folded\r\n\tvalue \r\nReceived : by b\r\n\r\nbody\r\n");
        MimeHeader h = read(m);
        assertEquals(List.of(new MimeHeader.Field("Received", "by a"), new MimeHeader.Field("Subject", "folded\tvalue"),
                new MimeHeader.Field("Received", "by b")), h.fields());
        assertEquals(m.length - "body\r\n".length(), h.bodyStart());
        assertEquals(Optional.of("by a"), h.first("RECEIVED"));
        assertEquals(Optional.empty(), h.first("To"));
    }

    @Test
    void aLineThatIsNeitherFieldNorContinuationStartsTheBody() {
        byte[] m = bytes("Subject: x\r\nno field here\r\nX-After: y\r\n\r\nbody");
        MimeHeader h = read(m);
        assertEquals(List.of(new MimeHeader.Field("Subject", "x")), h.fields());
        assertEquals("Subject: x\r\n".length(), h.bodyStart());
    }

    @Test
    void aFirstLineThatStartsWithWhiteSpaceIsNoHeader() {
        MimeHeader h = read(bytes(" Subject: x\r\n\r\n"));
        assertEquals(List.of(), h.fields());
        assertEquals(0, h.bodyStart());
    }

    @Test
    void aHeaderWithoutBlankLineEndsAtTheEndAndBareLineFeedsEndLines() {
        byte[] m = bytes("A: 1\nB: 2");
        MimeHeader h = read(m);
        assertEquals(List.of(new MimeHeader.Field("A", "1"), new MimeHeader.Field("B", "2")), h.fields());
        assertEquals(m.length, h.bodyStart());
    }

    @Test
    void eightBitLinesReadAsUtf8OrElseIso88591() {
        byte[] utf8 = bytes("Subject: Grüße\r\n\r\n");
        assertEquals(Optional.of("Grüße"), read(utf8).first("subject"));
        byte[] latin1 = "Subject: Gr\u00fc\u00dfe\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(Optional.of("Grüße"), read(latin1).first("subject"));
    }

    @Test
    void onlyTheFirstOccurrenceOfTheWantedFieldsWhenFiltered() {
        byte[] m = bytes("Subject: one\r\nX-Other: o\r\nsubject: two\r\nTo: t\r\n\r\n");
        MimeHeader h = MimeHeader.read(m, 0, m.length, Set.of("subject", "to"));
        assertEquals("one", h.value("subject"));
        assertEquals(Optional.of("t"), h.first("TO"));
        assertEquals(null, h.value("x-other"));
        assertEquals(m.length, h.bodyStart());
    }

    @Test
    void encodedWordsAreDecodedOnlyOnRequest() {
        byte[] m = bytes("Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n\r\n");
        String value = read(m).first("Subject").orElseThrow();
        assertEquals("=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=", value);
        assertEquals("Grüße", MimeHeader.decodeEncodedWords(value));
        assertEquals("=?bogus", MimeHeader.decodeEncodedWords("=?bogus"));
    }
}
