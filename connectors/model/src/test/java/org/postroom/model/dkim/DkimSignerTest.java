package org.postroom.model.dkim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The signer against the RFC's canonicalization example and against an independent verifier (Debian's
 * python3-dkim), over the messages that break careless signers: folded headers, 8-bit and UTF-8 content, trailing
 * white space and empty lines, bare LF line ends, no final line end, an empty body. Each verified case has a twin
 * that must fail (a changed body, an added From, another key), so the verifier is shown to be checking.
 */
class DkimSignerTest {

    private static final Instant T = Instant.parse("2026-12-07T20:00:00Z");
    private static final String SELECTOR = "postroom20261207";
    private static final String DOMAIN = "example.org";

    private static KeyPair rsa;
    private static DkimSigner signer;

    @BeforeAll
    static void keys() {
        rsa = DkimKeys.generate(DkimAlgorithm.RSA_SHA256);
        signer = new DkimSigner(DOMAIN, SELECTOR, DkimAlgorithm.RSA_SHA256, rsa.getPrivate());
    }

    private static String txt() {
        return DkimKeys.txtRecord(DkimAlgorithm.RSA_SHA256, rsa.getPublic());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertVerifies(byte[] signed) throws Exception {
        PythonDkim.Verdict v = PythonDkim.verify(signed, SELECTOR, DOMAIN, txt());
        assertTrue(v.ok(), new String(signed, StandardCharsets.UTF_8) + "\n--- dkimpy:\n" + v.output());
    }

    private static void assertFails(byte[] signed) throws Exception {
        PythonDkim.Verdict v = PythonDkim.verify(signed, SELECTOR, DOMAIN, txt());
        assertFalse(v.ok(), new String(signed, StandardCharsets.UTF_8) + "\n--- dkimpy:\n" + v.output());
    }

    @Test
    void relaxedCanonicalizationMatchesTheExampleOfRfc6376Section345() {
        assertEquals("a:X", DkimCanonicalization.relaxedHeader("A: X\r\n"));
        assertEquals("b:Y Z", DkimCanonicalization.relaxedHeader("B : Y\t\r\n\tZ  \r\n"));
        byte[] message = bytes("A: X\r\nB : Y\t\r\n\tZ  \r\n\r\n C \r\nD \t E\r\n\r\n\r\n");
        int bodyStart = "A: X\r\nB : Y\t\r\n\tZ  \r\n\r\n".length();
        assertEquals(" C\r\nD E\r\n", new String(DkimCanonicalization.relaxedBody(message, bodyStart),
                StandardCharsets.US_ASCII));
    }

    @Test
    void aColonInsideAValueKeepsTheSpaceAfterIt() {
        assertEquals("subject:Re: a: b", DkimCanonicalization.relaxedHeader("Subject:   Re:  a:\tb \r\n"));
    }

    @Test
    void anEmptyBodyAndOneOfEmptyLinesCanonicalizeToNothing() {
        assertEquals(0, DkimCanonicalization.relaxedBody(bytes("A: b\r\n\r\n"), 9).length);
        assertEquals(0, DkimCanonicalization.relaxedBody(bytes("A: b\r\n\r\n\r\n \t\r\n\r\n"), 9).length);
    }

    @Test
    void aPlainMessageVerifiesAndAChangedBodyDoesNot() throws Exception {
        byte[] signed = signer.sign(bytes("From: Alice <alice@example.org>\r\nTo: bob@remote.test\r\n"
                + "Subject: hello\r\nDate: Mon, 7 Dec 2026 20:00:00 +0000\r\nMessage-ID: <1@example.org>\r\n\r\n"
                + "Hello Bob.\r\n"), T);
        assertVerifies(signed);
        String text = new String(signed, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;"), text);
        assertTrue(text.contains("d=example.org;") && text.contains("s=" + SELECTOR + ";"), text);
        assertFails(bytes(text.replace("Hello Bob.", "Hello Eve.")));
    }

    @Test
    void foldedHeadersWithTabsAndRunsOfSpacesVerify() throws Exception {
        byte[] signed = signer.sign(bytes("Received: from a by b;\r\n\tMon, 7 Dec 2026 19:59:00 +0000\r\n"
                + "From:   \"Alice  Example\"\r\n  <alice@example.org>\r\n"
                + "To: bob@remote.test,\r\n\tcarol@remote.test,\r\n        dave@remote.test\r\n"
                + "Subject: a subject that is folded\r\n\t over    two lines  \r\n"
                + "Date: Mon, 7 Dec 2026 20:00:00 +0000\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain;\r\n charset=us-ascii\r\n\r\nbody\r\n"), T);
        assertVerifies(signed);
    }

    @Test
    void addingASecondFromBreaksTheSignatureBecauseFromIsOversigned() throws Exception {
        byte[] signed = signer.sign(bytes("From: alice@example.org\r\nTo: bob@remote.test\r\nSubject: hi\r\n\r\n"
                + "hi\r\n"), T);
        assertVerifies(signed);
        String text = new String(signed, StandardCharsets.UTF_8);
        int header = text.indexOf("From: alice");
        assertFails(bytes(text.substring(0, header) + "From: mallory@evil.test\r\n" + text.substring(header)));
        assertTrue(text.replaceAll("\r\n\t", "").contains("h=from:from:"), text);
    }

    @Test
    void eightBitAndUtf8ContentVerifies() throws Exception {
        byte[] signed = signer.sign(bytes("From: Jürgen <jürgen@example.org>\r\nTo: bob@remote.test\r\n"
                + "Subject: Grüße aus Köln\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\nGrüße, schöne Straße. 日本語\r\n"), T);
        assertVerifies(signed);
        byte[] latin1 = "From: a@example.org\r\nSubject: caf\u00e9\r\n\r\nna\u00efve \u00ff\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertVerifies(signer.sign(latin1, T));
    }

    @Test
    void trailingWhiteSpaceAndEmptyLinesAtTheEndVerifyAndDoNotChangeTheBodyHash() throws Exception {
        String head = "From: alice@example.org\r\nTo: bob@remote.test\r\nSubject: t\r\n\r\n";
        byte[] plain = signer.sign(bytes(head + "line one\r\nline  two\r\n"), T);
        byte[] trailing = signer.sign(bytes(head + "line one \t\r\nline two\r\n\r\n\r\n \r\n\r\n"), T);
        assertVerifies(plain);
        assertVerifies(trailing);
        assertEquals(bodyHash(plain), bodyHash(trailing));
    }

    @Test
    void bareLineFeedsAndAMissingFinalLineEndAreNormalisedAndSigned() throws Exception {
        byte[] signed = signer.sign(bytes("From: alice@example.org\nTo: bob@remote.test\nSubject: lf\n"
                + "\nfirst\nsecond\r\nno final line end"), T);
        String text = new String(signed, StandardCharsets.UTF_8);
        assertFalse(text.replace("\r\n", "").contains("\n"), "a bare LF is left: " + text);
        assertTrue(text.endsWith("no final line end\r\n"), text);
        assertVerifies(signed);
    }

    @Test
    void anEmptyBodyAndAMessageWithoutBodyVerify() throws Exception {
        assertVerifies(signer.sign(bytes("From: alice@example.org\r\nSubject: empty\r\n\r\n"), T));
        assertVerifies(signer.sign(bytes("From: alice@example.org\r\nSubject: no body\r\n"), T));
    }

    @Test
    void aLongHeaderSetAndManyRecipientsFoldTheSignatureBelowTheLineLimit() throws Exception {
        StringBuilder m = new StringBuilder("From: alice@example.org\r\nTo: ");
        for (int i = 0; i < 40; i++) {
            m.append(i == 0 ? "" : ",\r\n ").append("user").append(i).append("@remote.test");
        }
        m.append("\r\nCc: x@remote.test\r\nReply-To: a@example.org\r\nIn-Reply-To: <a@b>\r\nReferences: <a@b>\r\n"
                + "List-Id: <l.example.org>\r\nSubject: many\r\nMessage-ID: <m@example.org>\r\n\r\nbody\r\n");
        byte[] signed = signer.sign(bytes(m.toString()), T);
        assertVerifies(signed);
        String field = new String(signed, StandardCharsets.US_ASCII).split("\r\n(?=[^\t])")[0];
        for (String line : field.split("\r\n")) {
            assertTrue(line.length() <= 78, "line too long: " + line);
        }
    }

    @Test
    void signingIsDeterministicSoEveryAttemptSendsTheSameBytes() {
        byte[] message = bytes("From: alice@example.org\r\nSubject: again\r\n\r\nsame\r\n");
        assertArrayEquals(signer.sign(message, T), signer.sign(message, T));
    }

    @Test
    void anotherKeyUnderTheSameSelectorFails() throws Exception {
        KeyPair other = DkimKeys.generate(DkimAlgorithm.RSA_SHA256);
        byte[] signed = new DkimSigner(DOMAIN, SELECTOR, DkimAlgorithm.RSA_SHA256, other.getPrivate())
                .sign(bytes("From: alice@example.org\r\nSubject: k\r\n\r\nk\r\n"), T);
        assertFails(signed);
    }

    @Test
    void ed25519SignaturesVerify() throws Exception {
        KeyPair ed = DkimKeys.generate(DkimAlgorithm.ED25519_SHA256);
        byte[] signed = new DkimSigner(DOMAIN, "ed", DkimAlgorithm.ED25519_SHA256, ed.getPrivate())
                .sign(bytes("From: alice@example.org\r\nTo: bob@remote.test\r\nSubject: ed\r\n\r\ned25519\r\n"), T);
        String txt = DkimKeys.txtRecord(DkimAlgorithm.ED25519_SHA256, ed.getPublic());
        assertTrue(txt.startsWith("v=DKIM1; k=ed25519; p=") && txt.length() == "v=DKIM1; k=ed25519; p=".length() + 44,
                txt);
        PythonDkim.Verdict v = PythonDkim.verify(signed, "ed", DOMAIN, txt);
        assertTrue(v.ok(), new String(signed, StandardCharsets.UTF_8) + "\n" + v.output());
        String tampered = new String(signed, StandardCharsets.UTF_8).replace("Subject: ed", "Subject: ee");
        assertFalse(PythonDkim.verify(bytes(tampered), "ed", DOMAIN, txt).ok());
    }

    @Test
    void aStoredKeyRoundTripsThroughItsEncodings() throws Exception {
        byte[] message = bytes("From: alice@example.org\r\nSubject: stored\r\n\r\nx\r\n");
        DkimSigner restored = new DkimSigner(DOMAIN, SELECTOR, DkimAlgorithm.RSA_SHA256,
                DkimKeys.privateKey(DkimAlgorithm.RSA_SHA256, rsa.getPrivate().getEncoded()));
        assertArrayEquals(signer.sign(message, T), restored.sign(message, T));
    }

    @Test
    void malformedSelectorsDomainsAndMismatchedKeysAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new DkimSigner(DOMAIN, "bad selector", DkimAlgorithm.RSA_SHA256, rsa.getPrivate()));
        assertThrows(IllegalArgumentException.class,
                () -> new DkimSigner(DOMAIN, "x;s=evil", DkimAlgorithm.RSA_SHA256, rsa.getPrivate()));
        assertThrows(IllegalArgumentException.class,
                () -> new DkimSigner("-bad.example", SELECTOR, DkimAlgorithm.RSA_SHA256, rsa.getPrivate()));
        assertThrows(IllegalArgumentException.class,
                () -> new DkimSigner(DOMAIN, SELECTOR, DkimAlgorithm.ED25519_SHA256, rsa.getPrivate()));
    }

    @Test
    void arbitraryOctetsAreSignedWithoutAnExceptionAndAlwaysEndInCrlf() {
        java.util.Random random = new java.util.Random(42);
        byte[] alphabet = bytes("a:\r\n \t.From:Subject:\u00e9x");
        for (int i = 0; i < 2000; i++) {
            byte[] m = new byte[random.nextInt(200)];
            for (int j = 0; j < m.length; j++) {
                m[j] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            }
            byte[] signed = signer.sign(m, T);
            assertTrue(new String(signed, StandardCharsets.ISO_8859_1).startsWith("DKIM-Signature: v=1;"));
            assertTrue(signed.length >= 2 && signed[signed.length - 2] == '\r' && signed[signed.length - 1] == '\n');
        }
        assertTrue(signer.sign(new byte[0], T).length > 0);
    }

    @Test
    void aBodyWithALoneCarriageReturnStillVerifies() throws Exception {
        assertVerifies(signer.sign(bytes("From: alice@example.org\r\nSubject: cr\r\n\r\nlone\rcarriage return\r\n"),
                T));
    }

    private static String bodyHash(byte[] signed) {
        String text = new String(signed, StandardCharsets.US_ASCII).replaceAll("\r\n\t", "");
        int at = text.indexOf("bh=");
        return text.substring(at + 3, text.indexOf(';', at));
    }
}
