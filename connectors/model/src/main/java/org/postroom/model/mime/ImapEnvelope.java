package org.postroom.model.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.postroom.connector.api.mime.Address;
import org.postroom.connector.api.mime.Envelope;

/**
 * An {@link Envelope} in the form IMAP sends it as the FETCH item ENVELOPE (RFC 3501 section 7.4.2), computed once per
 * content when it is stored (ADR 0076) so that FETCH copies bytes instead of rendering every message every time.
 *
 * <p>
 * The bytes are exactly what the IMAP engine's own renderer writes for the same envelope (checked against it over the
 * engine's test messages by {@code StoredEnvelopeMatchesTheEngineTest}): absent values NIL, sender and reply-to
 * defaulting to from, each string as its UTF-8 octets, quoted when it is at most {@value #MAX_QUOTED} octets of 7-bit
 * text without controls (backslash and double quote escaped), a literal otherwise, so no value can break out of the
 * response.
 */
public final class ImapEnvelope {

    /** Longest string sent quoted, as the engine's response writer decides. */
    public static final int MAX_QUOTED = 1024;

    private ImapEnvelope() {
    }

    /** {@code (date subject from sender reply-to to cc bcc in-reply-to message-id)}. */
    public static byte[] render(Envelope e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write('(');
        nstring(out, e.date());
        out.write(' ');
        nstring(out, e.subject());
        out.write(' ');
        addresses(out, e.from());
        out.write(' ');
        addresses(out, e.sender().isEmpty() ? e.from() : e.sender());
        out.write(' ');
        addresses(out, e.replyTo().isEmpty() ? e.from() : e.replyTo());
        out.write(' ');
        addresses(out, e.to());
        out.write(' ');
        addresses(out, e.cc());
        out.write(' ');
        addresses(out, e.bcc());
        out.write(' ');
        nstring(out, e.inReplyTo());
        out.write(' ');
        nstring(out, e.messageId());
        out.write(')');
        return out.toByteArray();
    }

    private static void addresses(ByteArrayOutputStream out, List<Address> list) {
        if (list.isEmpty()) {
            ascii(out, "NIL");
            return;
        }
        out.write('(');
        for (Address a : list) {
            out.write('(');
            nstring(out, a.name());
            out.write(' ');
            nstring(out, a.adl());
            out.write(' ');
            nstring(out, a.mailbox());
            out.write(' ');
            nstring(out, a.host());
            out.write(')');
        }
        out.write(')');
    }

    private static void nstring(ByteArrayOutputStream out, String s) {
        if (s == null) {
            ascii(out, "NIL");
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (quotable(b)) {
            out.write('"');
            for (byte c : b) {
                if (c == '"' || c == '\\') {
                    out.write('\\');
                }
                out.write(c);
            }
            out.write('"');
        } else {
            ascii(out, "{" + b.length + "}\r\n");
            out.writeBytes(b);
        }
    }

    private static boolean quotable(byte[] b) {
        if (b.length > MAX_QUOTED) {
            return false;
        }
        for (byte c : b) {
            if (c < 0x20 || c == 0x7f) { // also negative: 8-bit
                return false;
            }
        }
        return true;
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }
}
