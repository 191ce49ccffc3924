package org.postroom.model.dkim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Signs a message with DKIM (RFC 6376; RFC 8463 for Ed25519): relaxed/relaxed canonicalization, SHA-256, the header
 * fields RFC 6376 section 5.4.1 recommends, each instance present, and those a replay could add to change what the
 * reader sees ({@link #OVERSIGNED}: From, To, Cc, Subject, Date, Reply-To, Message-ID) once more than present, so that
 * no instance of them can be added without breaking the signature.
 * <p>
 * Deterministic: the same message, key, selector and timestamp give the same bytes (RSA PKCS#1 v1.5 and Ed25519
 * signatures have no randomness), which is what lets the queue sign at every attempt and still send the same bytes
 * (ADR 0060). Line ends are normalised first (a bare LF becomes CRLF, a missing final CRLF is added): the signature
 * covers the bytes that go on the wire. Thread-safe; immutable.
 */
public final class DkimSigner {

    /** The header fields signed in every instance present (RFC 6376 section 5.4.1), in the order they go in h=. */
    static final List<String> SIGNED = List.of("from", "sender", "reply-to", "subject", "date", "message-id", "to",
            "cc", "mime-version", "content-type", "content-transfer-encoding", "content-id", "content-description",
            "resent-date", "resent-from", "resent-sender", "resent-to", "resent-cc", "resent-message-id",
            "in-reply-to", "references", "list-id", "list-help", "list-unsubscribe", "list-subscribe", "list-post",
            "list-owner", "list-archive");

    /** Signed once more than present (absent ones once), so that adding one breaks the signature. */
    static final Set<String> OVERSIGNED = Set.of("from", "reply-to", "subject", "date", "message-id", "to", "cc");

    /** A selector or domain: dot-separated labels of letters, digits and hyphens (RFC 6376 section 3.1). */
    private static final Pattern NAME = Pattern
            .compile(
                    "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    private static final int LINE = 76;

    private final String domain;
    private final String selector;
    private final DkimAlgorithm algorithm;
    private final PrivateKey key;

    /**
     * @param domain the signing domain ({@code d=}), an A-label name
     * @param selector the selector ({@code s=})
     * @throws IllegalArgumentException for a malformed domain or selector, or a key of the wrong type
     */
    public DkimSigner(String domain, String selector, DkimAlgorithm algorithm, PrivateKey key) {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(selector, "selector");
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.key = Objects.requireNonNull(key, "key");
        if (!validName(domain) || domain.length() > 253) {
            throw new IllegalArgumentException("not a signing domain: " + domain);
        }
        if (!validName(selector) || selector.length() > 63) {
            throw new IllegalArgumentException("not a selector: " + selector);
        }
        if (!algorithm.jcaKeyAlgorithm().equalsIgnoreCase(key.getAlgorithm())
                && !(algorithm == DkimAlgorithm.ED25519_SHA256 && "EdDSA".equalsIgnoreCase(key.getAlgorithm()))) {
            throw new IllegalArgumentException("a " + key.getAlgorithm() + " key cannot sign " + algorithm.tag());
        }
        this.domain = domain.toLowerCase(Locale.ROOT);
        this.selector = selector.toLowerCase(Locale.ROOT);
    }

    /** Whether {@code name} is a valid selector or signing domain (labels of letters, digits, hyphens). */
    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    public String domain() {
        return domain;
    }

    public String selector() {
        return selector;
    }

    /**
     * The signed message: a {@code DKIM-Signature} field on top of {@code message}, whose line ends are normalised
     * to CRLF first.
     *
     * @param timestamp the signature's {@code t=} (the queue passes the message's acceptance, so that every attempt
     *        signs alike)
     */
    public byte[] sign(byte[] message, Instant timestamp) {
        byte[] normalised = normaliseLineEnds(message);
        byte[] field = signatureField(normalised, timestamp).getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[field.length + normalised.length];
        System.arraycopy(field, 0, out, 0, field.length);
        System.arraycopy(normalised, 0, out, field.length, normalised.length);
        return out;
    }

    /**
     * The {@code DKIM-Signature} field (folded, ending in CRLF) for a message whose lines already end in CRLF.
     */
    public String signatureField(byte[] message, Instant timestamp) {
        Header header = Header.parse(message);
        String bodyHash = Base64.getEncoder()
                .encodeToString(sha256(DkimCanonicalization.relaxedBody(message, header.bodyStart())));

        // h=: each signed name once per instance present (bottom-up, RFC 6376 section 5.4.2), oversigned ones once more
        List<String> names = new ArrayList<>();
        Map<String, Integer> present = header.counts();
        for (String name : SIGNED) {
            int n = present.getOrDefault(name, 0) + (OVERSIGNED.contains(name) ? 1 : 0);
            for (int i = 0; i < n; i++) {
                names.add(name);
            }
        }

        StringBuilder field = new StringBuilder("DKIM-Signature: v=1; a=").append(algorithm.tag())
                .append("; c=relaxed/relaxed;");
        Folder folder = new Folder(field);
        folder.add(" d=" + domain + ";");
        folder.add(" s=" + selector + ";");
        folder.add(" t=" + timestamp.getEpochSecond() + ";");
        folder.add(" h=");
        for (int i = 0; i < names.size(); i++) {
            folder.addTight(names.get(i) + (i + 1 < names.size() ? ":" : ";"));
        }
        folder.add(" bh=" + bodyHash + ";");
        folder.add(" b=");

        // the data signed: the signed fields relaxed, each with CRLF, then this field with an empty b=, without CRLF
        StringBuilder signed = new StringBuilder();
        Map<String, Integer> used = new HashMap<>();
        for (String name : names) {
            int skip = used.merge(name, 1, Integer::sum) - 1;
            header.instanceFromBottom(name, skip)
                    .ifPresent(f -> signed.append(DkimCanonicalization.relaxedHeader(f)).append("\r\n"));
        }
        signed.append(DkimCanonicalization.relaxedHeader(field.toString()));
        String b = Base64.getEncoder().encodeToString(sign(signed.toString().getBytes(StandardCharsets.ISO_8859_1)));
        for (int i = 0; i < b.length(); i += LINE - 8) {
            folder.addTight(b.substring(i, Math.min(b.length(), i + LINE - 8)));
        }
        return field.append("\r\n").toString();
    }

    private byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance(algorithm.jcaSignature());
            s.initSign(key);
            // RFC 8463: Ed25519 signs the SHA-256 of the data; RSA's PKCS#1 v1.5 hashes it itself
            s.update(algorithm == DkimAlgorithm.ED25519_SHA256 ? sha256(data) : data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("DKIM signing with " + algorithm.tag() + " failed: " + e.getMessage(), e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code message} with every bare LF made CRLF and a final CRLF added when the last line lacks one (what the SMTP
     * client would send anyway). A bare CR is left alone.
     */
    public static byte[] normaliseLineEnds(byte[] message) {
        ByteArrayOutputStream out = null;
        for (int i = 0; i < message.length; i++) {
            if (message[i] == '\n' && (i == 0 || message[i - 1] != '\r')) {
                if (out == null) {
                    out = new ByteArrayOutputStream(message.length + 64);
                    out.write(message, 0, i);
                }
                out.write('\r');
            }
            if (out != null) {
                out.write(message[i]);
            }
        }
        byte[] result = out == null ? message : out.toByteArray();
        if (result.length > 0 && result[result.length - 1] != '\n') {
            byte[] ended = new byte[result.length + 2];
            System.arraycopy(result, 0, ended, 0, result.length);
            ended[result.length] = '\r';
            ended[result.length + 1] = '\n';
            return ended;
        }
        return result;
    }

    /** Appends tag text to a field, folding before a piece that would pass the line length. */
    private static final class Folder {
        private final StringBuilder field;
        private int lineStart;

        Folder(StringBuilder field) {
            this.field = field;
        }

        /** A piece that starts with a space: folded by turning that space into CRLF TAB. */
        void add(String piece) {
            if (field.length() - lineStart + piece.length() > LINE) {
                field.append("\r\n\t");
                lineStart = field.length() - 1;
                field.append(piece, 1, piece.length());
            } else {
                field.append(piece);
            }
        }

        /** A piece that may follow without white space (in h= after a colon, within b=): folded with CRLF TAB. */
        void addTight(String piece) {
            if (field.length() - lineStart + piece.length() > LINE) {
                field.append("\r\n\t");
                lineStart = field.length() - 1;
            }
            field.append(piece);
        }
    }

    /** The header fields of a message (lines ending in CRLF), as ISO-8859-1 text, and where the body starts. */
    private record Header(List<String> fields, List<String> names, int bodyStart) {

        static Header parse(byte[] message) {
            List<String> fields = new ArrayList<>();
            List<String> names = new ArrayList<>();
            int i = 0;
            int bodyStart = message.length;
            StringBuilder current = null;
            while (i < message.length) {
                int end = i;
                while (end < message.length && message[end] != '\n') {
                    end++;
                }
                int next = Math.min(message.length, end + 1);
                boolean empty = end == i || (end == i + 1 && message[i] == '\r');
                if (empty) {
                    bodyStart = next;
                    break;
                }
                String line = new String(message, i, next - i, StandardCharsets.ISO_8859_1);
                if ((message[i] == ' ' || message[i] == '\t') && current != null) {
                    current.append(line);
                } else {
                    if (current != null) {
                        fields.add(current.toString());
                    }
                    current = new StringBuilder(line);
                }
                i = next;
            }
            if (current != null) {
                fields.add(current.toString());
            }
            for (String f : fields) {
                int colon = f.indexOf(':');
                names.add((colon < 0 ? "" : f.substring(0, colon).strip()).toLowerCase(Locale.ROOT));
            }
            return new Header(fields, names, bodyStart);
        }

        Map<String, Integer> counts() {
            Map<String, Integer> counts = new HashMap<>();
            names.forEach(n -> counts.merge(n, 1, Integer::sum));
            return counts;
        }

        /** The {@code skip}-th instance of {@code name} counted from the bottom; empty when there are fewer. */
        java.util.Optional<String> instanceFromBottom(String name, int skip) {
            int seen = 0;
            for (int i = fields.size() - 1; i >= 0; i--) {
                if (names.get(i).equals(name) && seen++ == skip) {
                    return java.util.Optional.of(fields.get(i));
                }
            }
            return java.util.Optional.empty();
        }
    }
}
