package org.postroom.model.mime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;
import org.apache.james.mime4j.util.CharsetUtil;
import org.postroom.connector.api.mime.BodyPart;
import org.postroom.connector.api.mime.Parameter;

/**
 * The content of one body part as {@link StructureAnalyzer} describes it (what FETCH BODYSTRUCTURE reports and
 * BODY[n] returns): its body octets with the transfer encoding undone, and a text part's text in its charset (ADR
 * 0038). Lenient, never throws for malformed content:
 * <ul>
 * <li>{@code base64} and {@code quoted-printable} are decoded with Mime4j's decoders, which skip what is not valid
 * (characters outside the base64 alphabet, a broken {@code =} escape is kept as written); any other encoding is the
 * identity.</li>
 * <li>The charset is the part's {@code charset} parameter. {@code us-ascii} (which the analysis also fills in when none
 * is declared) and a charset Java does not know are read as UTF-8 when the octets are valid UTF-8, else as
 * ISO-8859-1: both agree with US-ASCII on every US-ASCII text, and 8-bit text in mail that does not declare it stays
 * readable instead of becoming replacement characters.</li>
 * </ul>
 */
public final class PartContent {

    private PartContent() {
    }

    /** The body of {@code part} in {@code message} with its Content-Transfer-Encoding undone. */
    public static byte[] decodedBody(byte[] message, BodyPart part) {
        int from = (int) Math.min(part.bodyOffset(), message.length);
        int to = (int) Math.min(part.endOffset(), message.length);
        String encoding = part.encoding() == null ? "" : part.encoding().strip().toLowerCase(Locale.ROOT);
        InputStream raw = new ByteArrayInputStream(message, from, to - from);
        InputStream decoder = switch (encoding) {
            case "base64" -> new Base64InputStream(raw, DecodeMonitor.SILENT);
            case "quoted-printable" -> new QuotedPrintableInputStream(raw, DecodeMonitor.SILENT);
            default -> null;
        };
        if (decoder == null) {
            return Arrays.copyOfRange(message, from, to);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        byte[] buffer = new byte[8192];
        try (decoder) {
            for (int n = decoder.read(buffer); n >= 0; n = decoder.read(buffer)) {
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            // malformed beyond the lenient decoder: what was decoded so far
        }
        return out.toByteArray();
    }

    /** The text of a text part: its decoded body in its charset. */
    public static String text(byte[] message, BodyPart part) {
        byte[] body = decodedBody(message, part);
        Charset charset = declaredCharset(part);
        return charset == null ? utf8OrLatin1(body) : new String(body, charset);
    }

    /** The part's charset when it is a known one other than US-ASCII, else null (read as UTF-8 or ISO-8859-1). */
    static Charset declaredCharset(BodyPart part) {
        for (Parameter p : part.parameters()) {
            if (p.attribute().equalsIgnoreCase("charset") && p.value() != null) {
                Charset charset;
                try {
                    charset = CharsetUtil.lookup(p.value().strip());
                } catch (IllegalArgumentException e) {
                    charset = null;
                }
                return charset == null || charset.equals(StandardCharsets.US_ASCII) ? null : charset;
            }
        }
        return null;
    }

    /** {@code bytes} as UTF-8 when they are valid UTF-8, else as ISO-8859-1. */
    static String utf8OrLatin1(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
