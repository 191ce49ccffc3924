package org.postroom.protocol.imap;

import java.util.List;
import java.util.Locale;
import org.postroom.connector.api.mime.Address;
import org.postroom.connector.api.mime.BodyPart;
import org.postroom.connector.api.mime.Disposition;
import org.postroom.connector.api.mime.Envelope;
import org.postroom.connector.api.mime.Parameter;

/**
 * Renders ENVELOPE, BODY and BODYSTRUCTURE (RFC 3501 section 7.4.2) from the precomputed structure. Media types,
 * subtypes, encodings, parameter names and disposition types are sent upper-case; values as stored. Absent values
 * are NIL, empty parameter lists are NIL, one language is a string and several a list.
 */
final class StructureEncoder {

    private StructureEncoder() {
    }

    /** {@code (date subject from sender reply-to to cc bcc in-reply-to message-id)}. */
    static void envelope(ResponseWriter out, Envelope e) {
        out.raw("(").nstring(e.date()).sp().nstring(e.subject()).sp();
        addresses(out, e.from());
        out.sp();
        // RFC 3501 7.4.2: sender and reply-to default to from
        addresses(out, e.sender().isEmpty() ? e.from() : e.sender());
        out.sp();
        addresses(out, e.replyTo().isEmpty() ? e.from() : e.replyTo());
        out.sp();
        addresses(out, e.to());
        out.sp();
        addresses(out, e.cc());
        out.sp();
        addresses(out, e.bcc());
        out.sp().nstring(e.inReplyTo()).sp().nstring(e.messageId()).raw(")");
    }

    private static void addresses(ResponseWriter out, List<Address> list) {
        if (list.isEmpty()) {
            out.raw("NIL");
            return;
        }
        out.raw("(");
        for (Address a : list) {
            out.raw("(").nstring(a.name()).sp().nstring(a.adl()).sp().nstring(a.mailbox()).sp().nstring(a.host())
                    .raw(")");
        }
        out.raw(")");
    }

    /** BODY ({@code extended} false) or BODYSTRUCTURE ({@code extended} true, with extension data). */
    static void body(ResponseWriter out, BodyPart part, boolean extended) {
        out.raw("(");
        if (part.isMultipart()) {
            for (BodyPart child : part.children()) {
                body(out, child, extended);
            }
            out.sp().string(upper(part.subtype()));
            if (extended) {
                out.sp();
                parameters(out, part.parameters());
                out.sp();
                disposition(out, part.disposition());
                out.sp();
                language(out, part.language());
                out.sp().nstring(part.location());
            }
            out.raw(")");
            return;
        }
        out.string(upper(part.type())).sp().string(upper(part.subtype())).sp();
        parameters(out, part.parameters());
        out.sp().nstring(part.id()).sp().nstring(part.description()).sp();
        out.string(part.encoding() == null ? "7BIT" : upper(part.encoding()));
        out.sp().raw(Long.toString(part.bodySize()));
        if (part.isMessageRfc822()) {
            out.sp();
            envelope(out, part.message().envelope());
            out.sp();
            body(out, part.message().body(), extended);
            out.sp().raw(Long.toString(part.lines()));
        } else if (part.isText()) {
            out.sp().raw(Long.toString(part.lines()));
        }
        if (extended) {
            out.sp().nstring(part.md5()).sp();
            disposition(out, part.disposition());
            out.sp();
            language(out, part.language());
            out.sp().nstring(part.location());
        }
        out.raw(")");
    }

    private static void parameters(ResponseWriter out, List<Parameter> parameters) {
        if (parameters.isEmpty()) {
            out.raw("NIL");
            return;
        }
        out.raw("(");
        boolean first = true;
        for (Parameter p : parameters) {
            if (!first) {
                out.sp();
            }
            first = false;
            out.string(upper(p.attribute())).sp().string(p.value());
        }
        out.raw(")");
    }

    private static void disposition(ResponseWriter out, Disposition d) {
        if (d == null) {
            out.raw("NIL");
            return;
        }
        out.raw("(").string(upper(d.type())).sp();
        parameters(out, d.parameters());
        out.raw(")");
    }

    private static void language(ResponseWriter out, List<String> language) {
        if (language.isEmpty()) {
            out.raw("NIL");
        } else if (language.size() == 1) {
            out.string(language.get(0));
        } else {
            out.raw("(");
            for (int i = 0; i < language.size(); i++) {
                if (i > 0) {
                    out.sp();
                }
                out.string(language.get(i));
            }
            out.raw(")");
        }
    }

    private static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }
}
