package org.postroom.model.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.postroom.connector.api.imap.SearchKey;

/**
 * ADR 0077: the stored search text of a header field answers a header key exactly as the evaluator does on the
 * message, over odd headers (encoded-words, comments, groups, quoted names, 8-bit, folding, repeated fields) and
 * needles taken from anywhere in the forms, across form boundaries too.
 */
class HeaderSearchTextTest {

    private static final List<String> VALUES = List.of("user-from@domain.org", "RealFrom <user-from@domain.org>",
            "<user-from (comment)@ (comment) domain.org>", "user-from@domain.org (RealFrom)",
            "\"Real, From\" <user-from@domain.org>, second@example.net", "=?UTF-8?Q?J=C3=B6rg?= <joerg@example.de>",
            "=?ISO-8859-1?B?SvZyZw==?= <joerg@example.de>", "undisclosed-recipients:;",
            "Team: anna@example.org, \"Bob B.\" <bob@example.org>;, carol@example.org",
            "a@example.org,\r\n b@example.org,\r\n\t\"C (not a comment)\" <c@example.org>",
            "Folded\r\n Name <folded@example.org>", "<@route.example:routed@example.org>", "bare-local",
            "@only-domain.example", "(just a comment)", "\"quoted local\"@example.org", "caf\u00e9 <cafe@example.org>",
            "<>", "=?UTF-8?Q?Gr=C3=BC=C3=9Fe?= and more", "STRASSE =?UTF-8?B?U3RyYcOfZQ==?=", "\u0130stanbul",
            "=?UTF-8?Q?a=0Ab?= <nl@example.org>");

    private static final List<String> FIELDS = List.of("From", "To", "Cc", "Bcc", "Subject");

    private static byte[] message(String from, String to, String cc, String subject) {
        return ("From: " + from + "\r\nTo: " + to + "\r\nCc: " + cc + "\r\nSubject: " + subject
                + "\r\nSubject: second subject\r\nFrom: second@example.org\r\n\r\nbody user-from\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static SearchableMessage searchable(byte[] m) {
        return new SearchableMessage(1, Set.of(), OffsetDateTime.now(), m.length, () -> m);
    }

    @Test
    void aNeedleMatchesTheTextExactlyWhenTheEvaluatorMatchesTheMessage() {
        Random random = new Random(15);
        int decided = 0;
        for (int i = 0; i < VALUES.size(); i++) {
            byte[] m = message(VALUES.get(i), VALUES.get((i + 5) % VALUES.size()), VALUES.get((i + 9) % VALUES.size()),
                    VALUES.get((i + 13) % VALUES.size()));
            HeaderSearchText texts = HeaderSearchText.of(m);
            List<String> needles = new ArrayList<>(List.of("user-from@domain.org", "REALFROM", "real from <user",
                    "jörg <joerg@", "JÖRG", "grüße", "straße", "team", "bob b. <bob@example.org>", "not a comment",
                    "folded name", "routed@example.org", "second", "body", "i̇stanbul", "istanbul", "a\nb", "",
                    "%", "_", "!"));
            for (String field : FIELDS) {
                String text = texts.field(field);
                for (int k = 0; k < 6 && !text.isEmpty(); k++) { // pieces of the text, across forms too
                    int from = random.nextInt(text.length());
                    needles.add(text.substring(from, Math.min(text.length(), from + 1 + random.nextInt(12))));
                }
            }
            for (String field : FIELDS) {
                for (String needle : needles) {
                    boolean slow = SearchEvaluator.matches(new SearchKey.Header(field, needle), searchable(m));
                    Optional<String> n = HeaderSearchText.needle(needle);
                    if (n.isPresent()) {
                        decided++;
                        assertEquals(slow, texts.field(field).contains(n.get()),
                                field + " \"" + needle + "\" in " + new String(m, StandardCharsets.UTF_8));
                    }
                }
            }
        }
        assertTrue(decided > 1000, decided + " keys decided");
    }

    @Test
    void aFieldTheHeaderLacksIsEmptyAndMatchesNoNeedle() {
        HeaderSearchText texts = HeaderSearchText.of("Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("", texts.from());
        assertEquals("x", texts.subject());
    }

    @Test
    void emptyStringsAndLineBreaksAreLeftToTheMessage() {
        assertEquals(Optional.empty(), HeaderSearchText.needle(""));
        assertEquals(Optional.empty(), HeaderSearchText.needle("a\nb"));
        assertEquals(Optional.of("straße"), HeaderSearchText.needle("STRAßE"));
    }
}
