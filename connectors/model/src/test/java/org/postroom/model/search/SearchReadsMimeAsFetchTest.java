package org.postroom.model.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postroom.connector.api.imap.SearchKey;
import org.postroom.connector.api.mime.BodyPart;
import org.postroom.connector.api.mime.MessageStructure;
import org.postroom.model.mime.PartContent;
import org.postroom.model.mime.StructureAnalyzer;

/**
 * ADR 0038: SEARCH reads a message as FETCH does. Over a corpus of normal and malformed mail, for every text part the
 * structure analysis finds (what BODYSTRUCTURE shows), every word of its decoded text is found by BODY and TEXT; a
 * token that appears only in a part's raw encoded form (inside base64, a quoted-printable escape, an opaque part) is
 * found by neither; and each message's hand-written expectations hold (words its decoded text must and must not give,
 * header keys that must and must not match).
 */
class SearchReadsMimeAsFetchTest {

    /** One message of the corpus and what a person reading it expects SEARCH to find. */
    record Mail(String name, byte[] bytes, List<String> bodyWords, List<String> absent, List<String[]> headerHits,
            List<String[]> headerMisses) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static final Pattern WORD = Pattern.compile("\\p{L}{4,}");

    private static byte[] crlf(Charset charset, String... lines) {
        return String.join("\r\n", lines).getBytes(charset);
    }

    private static byte[] crlf(String... lines) {
        return crlf(StandardCharsets.UTF_8, lines);
    }

    private static String[] h(String field, String value) {
        return new String[]{field, value};
    }

    private static List<String[]> fields(String[]... fieldAndValue) {
        return List.of(fieldAndValue);
    }

    static Stream<Mail> corpus() {
        List<Mail> mails = new ArrayList<>();
        mails.add(new Mail("nested multipart with an encapsulated message", crlf(
                "From: =?UTF-8?Q?J=C3=B6rg?= <joerg@example.org>",
                "Subject: =?ISO-8859-1?Q?Gr=FC=DFe?= aus Berlin",
                "Content-Type: multipart/mixed; boundary=\"outer\"",
                "",
                "preamble words nobody reads",
                "--outer",
                "Content-Type: multipart/alternative; boundary=inner",
                "",
                "--inner",
                "Content-Type: text/plain; charset=iso-8859-1",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                "Stra=DFe und Caf=E9, zusammen=",
                "geschrieben",
                "--inner",
                "Content-Type: text/html; charset=utf-8",
                "Content-Transfer-Encoding: base64",
                "",
                "PHA+0J/RgNC40LLQtdGCPC9wPg==",
                "--inner--",
                "--outer",
                "Content-Type: message/rfc822",
                "",
                "Subject: forwarded thing",
                "Content-Type: multipart/mixed; boundary=deep",
                "",
                "--deep",
                "",
                "innermost words",
                "--deep",
                "Content-Type: image/png",
                "Content-Transfer-Encoding: base64",
                "",
                "c2VjcmV0IHdvcmQgaW4gYW4gaW1hZ2U=",
                "--deep--",
                "--outer--",
                "epilogue"),
                List.of("straße", "café", "zusammengeschrieben", "привет", "innermost", "forwarded thing"),
                List.of("secret word", "c2VjcmV0", "Stra=DFe", "preamble", "epilogue", "PHA+0J"),
                fields(h("Subject", "grüße aus berlin"), h("From", "jörg")), fields(h("Subject", "forwarded"))));
        mails.add(new Mail("multipart without a boundary reads as text/plain", crlf(
                "Subject: no boundary",
                "Content-Type: multipart/mixed",
                "",
                "orphaned paragraph text"),
                List.of("orphaned paragraph"), List.of(), List.of(), List.of()));
        mails.add(new Mail("multipart whose boundary never occurs reads as text/plain", crlf(
                "Content-Type: multipart/mixed; boundary=zz",
                "",
                "never delimited text"),
                List.of("never delimited"), List.of(), List.of(), List.of()));
        mails.add(new Mail("an unknown charset reads as UTF-8", crlf(
                "Content-Type: text/plain; charset=x-no-such-charset",
                "",
                "Müllerstraße"),
                List.of("müllerstraße"), List.of(), List.of(), List.of()));
        mails.add(new Mail("no charset: UTF-8 octets still read", crlf(
                "Subject: undeclared",
                "",
                "Grüße aus Köln"),
                List.of("grüße aus köln"), List.of(), List.of(), List.of()));
        mails.add(new Mail("no charset: ISO-8859-1 octets still read", crlf(StandardCharsets.ISO_8859_1,
                "Subject: undeclared latin",
                "",
                "Grüße aus Köln"),
                List.of("grüße aus köln"), List.of(), List.of(), List.of()));
        mails.add(new Mail("base64 text part", crlf(
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: BASE64",
                "",
                "w5xiZXJ3ZWlzdW5nIGVyaGFsdGVu",
                "bWl0IERhbms="),
                List.of("überweisung erhalten", "mit dank"), List.of("w5xiZXJ3ZWlzdW5nIGVyaGFsdGVu", "bWl0IERhbms"),
                List.of(), List.of()));
        mails.add(new Mail("quoted-printable text part with soft line breaks", crlf(
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                "Die Stra=C3=9Fe ist lang und unter=",
                "brochen =3D gleich"),
                List.of("straße", "unterbrochen", "= gleich"), List.of("Stra=C3=9Fe", "=3D"),
                List.of(), List.of()));
        mails.add(new Mail("a non-field line ends the header", crlf(
                "Subject: visible",
                "this line is no header field",
                "X-After: hiddenvalue",
                "",
                "body text"),
                List.of("no header field", "hiddenvalue", "body text"), List.of(),
                fields(h("Subject", "visible")), fields(h("X-After", ""), h("X-After", "hiddenvalue"))));
        mails.add(new Mail("8-bit headers", crlf(
                "Subject: Grüße aus Köln",
                "From: Jörg Müller <joerg@example.org>",
                "",
                "plain"),
                List.of("plain"), List.of(), fields(h("Subject", "köln"), h("From", "müller"),
                        h("From", "jörg müller <joerg@example.org>")),
                List.of()));
        mails.add(new Mail("8-bit ISO-8859-1 header", crlf(StandardCharsets.ISO_8859_1,
                "Subject: Grüße aus Köln",
                "",
                "plain"),
                List.of("plain"), List.of(), fields(h("Subject", "grüße")), List.of()));
        mails.add(new Mail("RFC 2047 words", crlf(
                "Subject: =?UTF-8?B?0J/RgNC40LLQtdGC?= =?UTF-8?Q?_w=C3=B6rld?=",
                "To: =?ISO-8859-1?Q?Ren=E9?= <rene@example.org>",
                "X-Note: =?UTF-8?Q?caf=C3=A9?=",
                "",
                "body"),
                List.of("body"), List.of("0J/RgNC40LLQtdGC"), fields(h("Subject", "привет wörld"),
                        h("To", "rené <rene@"), h("X-Note", "café")),
                fields(h("Subject", "0J/R"))));
        mails.add(new Mail("digest parts are messages", crlf(
                "Content-Type: multipart/digest; boundary=d",
                "",
                "--d",
                "",
                "Subject: digested subject",
                "",
                "digested body",
                "--d--"),
                List.of("digested subject", "digested body"), List.of(), List.of(),
                fields(h("Subject", "digested"))));
        mails.add(new Mail("an invalid Content-Type reads as text/plain", crlf(
                "Content-Type: garbage",
                "",
                "garbage typed text"),
                List.of("garbage typed"), List.of(), List.of(), List.of()));
        mails.add(new Mail("a boundary line with more text is no boundary", crlf(
                "Content-Type: multipart/mixed; boundary=b",
                "",
                "--b",
                "",
                "first part",
                "--b not really a delimiter",
                "still first part",
                "--b--"),
                List.of("not really a delimiter", "still first"), List.of(), List.of(), List.of()));
        mails.add(new Mail("an encoded message/rfc822 is opaque", crlf(
                "Content-Type: multipart/mixed; boundary=b",
                "",
                "--b",
                "",
                "cover note",
                "--b",
                "Content-Type: message/rfc822",
                "Content-Transfer-Encoding: base64",
                "",
                "U3ViamVjdDogaW5uZXIKCmlubmVyIHRleHQ=",
                "--b--"),
                List.of("cover note"), List.of("inner text", "U3ViamVjdDog"), List.of(), List.of()));
        mails.add(new Mail("bare line feeds", String.join("\n",
                "Subject: bare",
                "Content-Type: multipart/mixed; boundary=b",
                "",
                "--b",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: base64",
                "",
                "TGluZWZlZWQgb25seQ==",
                "--b--",
                "").getBytes(StandardCharsets.US_ASCII),
                List.of("linefeed only"), List.of("TGluZWZlZWQ"), fields(h("Subject", "bare")), List.of()));
        mails.add(new Mail("broken base64 and quoted-printable", crlf(
                "Content-Type: multipart/mixed; boundary=b",
                "",
                "--b",
                "Content-Type: text/plain",
                "Content-Transfer-Encoding: base64",
                "",
                "QnJva2VuIGJ1dCByZWFk*!#aW5n",
                "--b",
                "Content-Type: text/plain",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                "half =ZZ escape",
                "--b--"),
                List.of("broken but read", "half"), List.of("QnJva2VuIGJ1dCBy"), List.of(), List.of()));
        return mails.stream();
    }

    private static SearchableMessage searchable(byte[] bytes) {
        return new SearchableMessage(1, Set.of(), OffsetDateTime.now(), bytes.length, () -> bytes);
    }

    private static boolean body(Mail mail, String text) {
        return SearchEvaluator.matches(new SearchKey.Body(text), searchable(mail.bytes()));
    }

    private static boolean text(Mail mail, String text) {
        return SearchEvaluator.matches(new SearchKey.Text(text), searchable(mail.bytes()));
    }

    /** The leaf parts as BODYSTRUCTURE shows them, encapsulated messages' parts included. */
    private static void leaves(BodyPart part, List<BodyPart> out) {
        if (part.isMultipart()) {
            part.children().forEach(c -> leaves(c, out));
        } else if (part.isMessageRfc822()) {
            leaves(part.message().body(), out);
        } else {
            out.add(part);
        }
    }

    private static List<BodyPart> leaves(Mail mail) {
        MessageStructure s = StructureAnalyzer.analyze(mail.bytes());
        List<BodyPart> out = new ArrayList<>();
        leaves(s.body(), out);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyWordOfEveryTextPartFetchShowsIsFoundByBodyAndText(Mail mail) {
        int words = 0;
        for (BodyPart part : leaves(mail)) {
            if (!part.isText()) {
                continue;
            }
            Matcher m = WORD.matcher(PartContent.text(mail.bytes(), part));
            while (m.find()) {
                words++;
                assertTrue(body(mail, m.group()), "BODY " + m.group() + " in " + part);
                assertTrue(text(mail, m.group()), "TEXT " + m.group() + " in " + part);
            }
        }
        assertTrue(words > 0, "the corpus message has text");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void aTokenOnlyInARawEncodedPartIsFoundByNeither(Mail mail) {
        StringBuilder decoded = new StringBuilder();
        List<BodyPart> encoded = new ArrayList<>();
        for (BodyPart part : leaves(mail)) {
            if (part.isText()) {
                decoded.append(PartContent.text(mail.bytes(), part)).append('\n');
            }
            String encoding = part.encoding() == null ? "" : part.encoding().toLowerCase(Locale.ROOT);
            if (encoding.equals("base64") || encoding.equals("quoted-printable") || !part.isText()) {
                encoded.add(part);
            }
        }
        MessageStructure s = StructureAnalyzer.analyze(mail.bytes());
        String header = new String(mail.bytes(), 0, (int) s.body().bodyOffset(), StandardCharsets.UTF_8);
        String visible = (decoded + header).toLowerCase(Locale.ROOT);
        Set<String> tokens = new LinkedHashSet<>();
        for (BodyPart part : encoded) {
            String raw = new String(mail.bytes(), (int) part.bodyOffset(), (int) part.bodySize(),
                    StandardCharsets.ISO_8859_1);
            for (String token : raw.split("\\s+")) {
                if (token.length() >= 6 && !visible.contains(token.toLowerCase(Locale.ROOT))) {
                    tokens.add(token);
                }
            }
        }
        for (String token : tokens) {
            assertFalse(body(mail, token), "BODY " + token);
            assertFalse(text(mail, token), "TEXT " + token);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void whatAPersonReadsIsFoundAndTheRawFormIsNot(Mail mail) {
        for (String w : mail.bodyWords()) {
            assertTrue(body(mail, w), "BODY " + w);
            assertTrue(text(mail, w), "TEXT " + w);
        }
        for (String w : mail.absent()) {
            assertFalse(body(mail, w), "BODY " + w);
            assertFalse(text(mail, w), "TEXT " + w);
        }
        for (String[] hit : mail.headerHits()) {
            assertTrue(SearchEvaluator.matches(new SearchKey.Header(hit[0], hit[1]), searchable(mail.bytes())),
                    "HEADER " + hit[0] + " " + hit[1]);
            assertTrue(text(mail, hit[1]), "TEXT " + hit[1]);
        }
        for (String[] miss : mail.headerMisses()) {
            assertFalse(SearchEvaluator.matches(new SearchKey.Header(miss[0], miss[1]), searchable(mail.bytes())),
                    "HEADER " + miss[0] + " " + miss[1]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void headerKeysSeeTheFieldsOfTheHeaderFetchReturns(Mail mail) {
        MessageStructure s = StructureAnalyzer.analyze(mail.bytes());
        assertEquals(s.envelope().subject() != null,
                SearchEvaluator.matches(new SearchKey.Header("Subject", ""), searchable(mail.bytes())),
                "a Subject field in the header FETCH ENVELOPE reads");
    }
}
