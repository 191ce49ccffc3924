package org.postroom.model.search;

import org.postroom.connector.api.imap.SearchKey;
import org.postroom.connector.api.imap.ImapFlags;
import org.postroom.connector.api.imap.UidSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The reference SEARCH semantics, key by key. */
class SearchEvaluatorTest {

    private static final String PLAIN = "From: =?UTF-8?B?SsO2cmc=?= <joerg@example.org>\r\n"
            + "To: alice@example.org\r\n"
            + "Subject: =?ISO-8859-1?Q?Gr=FC=DFe?= aus\r\n"
            + " Berlin\r\n"
            + "Date: Sat, 21 Nov 2026 23:30:00 -0800\r\n"
            + "X-Priority: 1\r\n"
            + "\r\n"
            + "Plain body with UPPER case\r\n";

    private static final String MULTIPART = "Subject: parts\r\n"
            + "Content-Type: multipart/alternative; boundary=\"=_b\"\r\n"
            + "\r\n"
            + "--=_b\r\n"
            + "Content-Type: text/plain; charset=iso-8859-1\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n"
            + "\r\n"
            + "Stra=DFe und Caf=E9\r\n"
            + "--=_b\r\n"
            + "Content-Type: text/html; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: base64\r\n"
            + "\r\n"
            + "PHA+0J/RgNC40LLQtdGCPC9wPg==\r\n"
            + "--=_b\r\n"
            + "Content-Type: application/octet-stream\r\n"
            + "Content-Transfer-Encoding: base64\r\n"
            + "\r\n"
            + "c2VjcmV0IHdvcmQ=\r\n"
            + "--=_b--\r\n";

    private static SearchableMessage message(String content, Set<String> flags) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new SearchableMessage(42, flags, OffsetDateTime.of(2026, 11, 22, 0, 30, 0, 0, ZoneOffset.ofHours(2)),
                bytes.length, () -> bytes);
    }

    private static boolean matches(SearchKey key, String content) {
        return SearchEvaluator.matches(key, message(content, Set.of(ImapFlags.SEEN, "$Work")));
    }

    @Test
    void flagsAndKeywordsCompareCaseInsensitively() {
        assertTrue(matches(new SearchKey.Flag(ImapFlags.SEEN, true), PLAIN));
        assertTrue(matches(new SearchKey.Flag("$work", true), PLAIN));
        assertTrue(matches(new SearchKey.Flag(ImapFlags.DELETED, false), PLAIN));
        assertFalse(matches(new SearchKey.Flag(ImapFlags.ANSWERED, true), PLAIN));
    }

    @Test
    void headerKeysMatchDecodedEncodedWordsAndUnfoldedValues() {
        assertTrue(matches(new SearchKey.Header("From", "jörg"), PLAIN));
        assertTrue(matches(new SearchKey.Header("from", "JOERG@"), PLAIN));
        assertTrue(matches(new SearchKey.Header("Subject", "grüße aus berlin"), PLAIN));
        assertTrue(matches(new SearchKey.Header("X-Priority", ""), PLAIN));
        assertFalse(matches(new SearchKey.Header("Cc", ""), PLAIN));
        assertFalse(matches(new SearchKey.Header("To", "bob"), PLAIN));
    }

    @Test
    void fromToCcBccAndSubjectMatchTheirFirstOccurrenceOnlyOtherFieldsAnyOccurrence() {
        String twice = "From: a@example.org\r\nfrom: b@example.org\r\nSubject: one\r\nSubject: two\r\n"
                + "Received: by x\r\nReceived: by y\r\n\r\nbody\r\n";
        assertTrue(matches(new SearchKey.Header("From", "a@"), twice));
        assertFalse(matches(new SearchKey.Header("From", "b@"), twice));
        assertFalse(matches(new SearchKey.Header("SUBJECT", "two"), twice));
        assertTrue(matches(new SearchKey.Header("Received", "by y"), twice));
    }

    @Test
    void bodyIsDecodedFromTransferEncodingAndCharsetInEveryTextPart() {
        assertTrue(matches(new SearchKey.Body("upper CASE"), PLAIN));
        assertTrue(matches(new SearchKey.Body("straße"), MULTIPART));
        assertTrue(matches(new SearchKey.Body("café"), MULTIPART));
        assertTrue(matches(new SearchKey.Body("привет"), MULTIPART));
        assertFalse(matches(new SearchKey.Body("secret word"), MULTIPART));
        assertFalse(matches(new SearchKey.Body("Subject"), PLAIN));
    }

    /*
     * ADR 0038: SEARCH reads malformed mail as FETCH shows it. The first three, and 8-bit text declared us-ascii,
     * answered the other way while SEARCH had a MIME reader of its own; the digest case holds under both.
     */

    @Test
    void aLineThatIsNotAFieldEndsTheHeaderAndWhatFollowsIsBody() {
        String msg = "Subject: s\r\nthis is no field\r\nX-After: later\r\n\r\nbody\r\n";
        assertFalse(matches(new SearchKey.Header("X-After", ""), msg));
        assertTrue(matches(new SearchKey.Body("x-after: later"), msg));
        assertTrue(matches(new SearchKey.Header("Subject", "s"), msg));
    }

    @Test
    void aMultipartWithoutBoundaryOrWithoutPartsIsSearchedAsText() {
        assertTrue(matches(new SearchKey.Body("lonely"), "Content-Type: multipart/mixed\r\n\r\nlonely text\r\n"));
        assertTrue(matches(new SearchKey.Body("lonely"),
                "Content-Type: multipart/mixed; boundary=b\r\n\r\nlonely text\r\n"));
        assertTrue(matches(new SearchKey.Body("typed"), "Content-Type: garbage\r\n\r\ntyped text\r\n"));
    }

    @Test
    void aBoundaryLineWithMoreTextIsNoBoundary() {
        String msg = "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\none\r\n--b more\r\n"
                + "Content-Type: image/png\r\n\r\nstill text\r\n--b--\r\n";
        assertTrue(matches(new SearchKey.Body("still text"), msg));
    }

    @Test
    void digestPartsAreMessagesWhoseHeaderIsSearchedByBody() {
        String msg = "Content-Type: multipart/digest; boundary=d\r\n\r\n--d\r\n\r\nSubject: inside\r\n\r\n"
                + "digest body\r\n--d--\r\n";
        assertTrue(matches(new SearchKey.Body("subject: inside"), msg));
        assertTrue(matches(new SearchKey.Body("digest body"), msg));
    }

    @Test
    void eightBitTextWithoutCharsetIsStillFound() {
        assertTrue(matches(new SearchKey.Body("grüße"), "Subject: s\r\n\r\nGrüße\r\n"));
        assertTrue(matches(new SearchKey.Body("grüße"),
                "Content-Type: text/plain; charset=us-ascii\r\n\r\nGrüße\r\n"));
    }

    @Test
    void textSearchesHeaderAndBody() {
        assertTrue(matches(new SearchKey.Text("berlin"), PLAIN));
        assertTrue(matches(new SearchKey.Text("plain body"), PLAIN));
        assertFalse(matches(new SearchKey.Text("nowhere"), PLAIN));
    }

    @Test
    void datesIgnoreTimeAndZone() {
        // internal date 22 Nov 00:30 +02:00; Date: header 21 Nov 23:30 -08:00
        assertTrue(matches(new SearchKey.InternalDate(SearchKey.DateComparison.ON, LocalDate.of(2026, 11, 22)), PLAIN));
        assertTrue(matches(new SearchKey.InternalDate(SearchKey.DateComparison.BEFORE, LocalDate.of(2026, 11, 23)),
                PLAIN));
        assertFalse(matches(new SearchKey.InternalDate(SearchKey.DateComparison.SINCE, LocalDate.of(2026, 11, 23)),
                PLAIN));
        assertTrue(matches(new SearchKey.SentDate(SearchKey.DateComparison.ON, LocalDate.of(2026, 11, 21)), PLAIN));
        assertTrue(matches(new SearchKey.SentDate(SearchKey.DateComparison.SINCE, LocalDate.of(2026, 11, 21)), PLAIN));
        assertFalse(matches(new SearchKey.SentDate(SearchKey.DateComparison.ON, LocalDate.of(2026, 11, 21)),
                MULTIPART));
    }

    @Test
    void sentDateAcceptsCommentsAndMissingWeekday() {
        assertTrue(SearchEvaluator.sentDate("21 Nov 2026 10:00 +0000 (UTC)").isPresent());
        assertTrue(SearchEvaluator.sentDate("Sat, 21 Nov 26 10:00:00 GMT").isPresent());
        assertFalse(SearchEvaluator.sentDate("yesterday").isPresent());
    }

    @Test
    void sizeUidAndBooleanCombinations() {
        SearchableMessage m = message(PLAIN, Set.of());
        long size = m.size();
        assertTrue(SearchEvaluator.matches(new SearchKey.Size(SearchKey.SizeComparison.LARGER, size - 1), m));
        assertFalse(SearchEvaluator.matches(new SearchKey.Size(SearchKey.SizeComparison.SMALLER, size), m));
        assertTrue(SearchEvaluator.matches(new SearchKey.Uids(UidSet.range(40, 50)), m));
        assertTrue(SearchEvaluator.matches(new SearchKey.Or(new SearchKey.Uids(UidSet.of(1)), SearchKey.ALL), m));
        assertFalse(SearchEvaluator.matches(new SearchKey.And(List.of(SearchKey.ALL,
                new SearchKey.Not(SearchKey.ALL))), m));
    }

    @Test
    void contentIsReadOnlyWhenAKeyNeedsItAndThenOnlyOnce() {
        AtomicInteger reads = new AtomicInteger();
        byte[] bytes = PLAIN.getBytes(StandardCharsets.UTF_8);
        SearchableMessage m = new SearchableMessage(1, Set.of(), OffsetDateTime.now(), bytes.length, () -> {
            reads.incrementAndGet();
            return bytes;
        });
        SearchEvaluator.matches(new SearchKey.And(List.of(new SearchKey.Flag(ImapFlags.SEEN, false),
                new SearchKey.Uids(UidSet.of(1)))), m);
        assertTrue(reads.get() == 0);
        SearchEvaluator.matches(new SearchKey.And(List.of(new SearchKey.Body("x"), new SearchKey.Text("y"),
                new SearchKey.Header("To", "z"))), m);
        assertTrue(reads.get() == 1);
        assertTrue(SearchEvaluator.needsContent(new SearchKey.Not(new SearchKey.Body("x"))));
        assertFalse(SearchEvaluator.needsContent(new SearchKey.Or(SearchKey.ALL, new SearchKey.Flag("x", true))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "From | <user-from (comment)@ (comment) domain.org> | user-from@domain.org | true",
            "From | <user-from (comment)@ (comment) domain.org> | (comment) | true",
            "From | user-from@domain.org (RealFrom) | RealFrom <user-from@domain.org> | true",
            "To | \"Smith, Jo\" <jo@example.org>, ann@example.org | smith, jo <jo@ | true",
            "To | \"Smith, Jo\" <jo@example.org>, ann@example.org | ann@example.org | true",
            "Cc | Team: anna@example.org, bob@example.org; | team | true",
            "Bcc | =?UTF-8?Q?J=C3=B6rg?= <joerg@example.de> | jörg <joerg@ | true",
            "Reply-To | a (x) @ example.org | a@example.org | true",
            "Resent-From | a (x) @ example.org | a@example.org | true",
            "Subject | a (x) @ example.org | a@example.org | false",
            "X-Other | a (x) @ example.org | a@example.org | false",
            "From | bare | MISSING_DOMAIN | false",
            "From | other@domain.org | user-from@domain.org | false"})
    void addressFieldsMatchTheirParsedAddressesAsWellAsTheirText(String field, String value, String wanted,
            boolean matches) {
        assertEquals(matches, SearchEvaluator.headerMatches(field, value, wanted), field + ": " + value);
    }
}
