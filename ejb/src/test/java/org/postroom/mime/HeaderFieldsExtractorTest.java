package org.postroom.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.postroom.domain.HeaderFields;

class HeaderFieldsExtractorTest {

    private static HeaderFields extract(String message) {
        return HeaderFieldsExtractor.extract(message.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void allEnvelopeFieldsAreReadUnfolded() {
        HeaderFields e = extract("Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n"
                + "Subject: Quarterly\r\n  report\r\n"
                + "From: Ann Example <ann@example.com>\r\n"
                + "Sender: bot@example.com\r\n"
                + "Reply-To: team@example.com\r\n"
                + "To: bob@example.org,\r\n carl@example.org\r\n"
                + "Cc: dee@example.org\r\n"
                + "Bcc: eve@example.org\r\n"
                + "In-Reply-To: <a1@example.com>\r\n"
                + "Message-ID: <b2@example.com>\r\n"
                + "\r\n"
                + "Subject: not a header, the body\r\n");
        assertEquals("Tue, 14 Nov 2023 22:13:20 +0000", e.date());
        assertEquals(Instant.parse("2023-11-14T22:13:20Z"), e.sentAt());
        assertEquals("Quarterly  report", e.subject());
        assertEquals("Ann Example <ann@example.com>", e.from());
        assertEquals("bot@example.com", e.sender());
        assertEquals("team@example.com", e.replyTo());
        assertEquals("bob@example.org, carl@example.org", e.to());
        assertEquals("dee@example.org", e.cc());
        assertEquals("eve@example.org", e.bcc());
        assertEquals("<a1@example.com>", e.inReplyTo());
        assertEquals("<b2@example.com>", e.messageId());
    }

    @Test
    void encodedWordSubjectIsKeptRawAndDecodedForSearch() {
        HeaderFields e = extract("Subject: =?UTF-8?B?R3LDvMOfZQ==?=\r\n\r\nbody");
        assertEquals("=?UTF-8?B?R3LDvMOfZQ==?=", e.subject());
        assertEquals("Grüße", e.subjectText());
    }

    @Test
    void rawUtf8HeaderIsReadAsUtf8() {
        assertEquals("Grüße", extract("Subject: Grüße\r\n\r\n").subject());
    }

    @Test
    void firstOccurrenceOfARepeatedFieldCounts() {
        assertEquals("first", extract("Subject: first\r\nSubject: second\r\n\r\n").subject());
    }

    @Test
    void malformedMimeNeverThrows() {
        HeaderFields garbage = extract("\u0000\u0001 this is : not\r\n a message\r\n--boundary\r\n");
        assertNull(garbage.sentAt());
        HeaderFields e = extract(
                "Date: yesterday-ish\r\nContent-Type: multipart/mixed; boundary=\r\nSubject: ok\r\n\r\n"
                        + "--\r\nbroken");
        assertEquals("yesterday-ish", e.date());
        assertNull(e.sentAt());
        assertEquals("ok", e.subject());
        assertEquals(HeaderFields.empty(), HeaderFieldsExtractor.extract(new byte[0]));
    }

    @Test
    void headerWithoutBodyIsRead() {
        assertEquals("<only@x>", extract("Message-ID: <only@x>").messageId());
    }

    @Test
    void lineWithoutColonEndsTheHeaderPermissively() {
        HeaderFields e = extract("Subject: kept\r\nthis line is not a field\r\nFrom: body@example.com\r\n\r\n");
        assertEquals("kept", e.subject());
        assertNull(e.from());
    }

    @Test
    void commonDatesAreReadLikeTheLenientParserReadsThemAndOthersStillParse() {
        assertEquals(Instant.parse("2026-11-24T04:40:05Z"),
                HeaderFieldsExtractor.sentAt("Tue, 24 Nov 2026 04:40:05 +0000 (UTC)"));
        assertEquals(Instant.parse("2023-11-14T20:13:20Z"),
                HeaderFieldsExtractor.sentAt("  14 Nov 2023 22:13:20 +0200 "));
        assertEquals(Instant.parse("2023-11-04T22:13:00Z"),
                HeaderFieldsExtractor.sentAt("Sat, 4 Nov 2023 17:13 -0500"));
        // not the common form: mime4j's lenient parser reads them
        assertEquals(Instant.parse("2023-11-14T22:13:20Z"),
                HeaderFieldsExtractor.sentAt("Tue, 14 Nov 2023 22:13:20 GMT"));
        assertEquals(Instant.parse("2023-11-14T22:13:20Z"),
                HeaderFieldsExtractor.sentAt("Tue, 14 Nov 23 22:13:20 +0000"));
        assertEquals(Instant.parse("2023-11-14T22:13:20Z"),
                HeaderFieldsExtractor.sentAt("Tue, 14 Nov 2023 22:13:20 +0000 (UTC) (extra)"));
        assertNull(HeaderFieldsExtractor.sentAt(")("));
        assertNull(HeaderFieldsExtractor.sentAt("yesterday-ish"));
    }
}
