package org.postroom.protocol.imap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.postroom.connector.api.mime.BodyPart;
import org.postroom.connector.api.mime.MessageStructure;

/**
 * Cuts BODY[section] out of a stored message by the offsets of its precomputed structure (RFC 3501 section 6.4.5):
 * part numbers walk multiparts; a non-multipart has one part, 1; after a message/rfc822 part, numbers address its
 * encapsulated message's body, and HEADER, HEADER.FIELDS[.NOT] and TEXT its header and text. MIME is a part's own
 * header. A section that does not exist is empty (rendered NIL).
 */
final class SectionSlicer {

    private SectionSlicer() {
    }

    static Optional<byte[]> slice(byte[] content, MessageStructure structure, FetchItem.Section section) {
        if (section.part().isEmpty()) {
            if (section.text() == FetchItem.Text.NONE) {
                return Optional.of(content);
            }
            if (structure == null) {
                return messageText(content, headerEnd(content, 0), 0, content.length, section);
            }
            return messageText(content, (int) structure.body().bodyOffset(), (int) structure.body().headerOffset(),
                    content.length, section);
        }
        if (structure == null) {
            return Optional.empty();
        }
        BodyPart part = null;
        for (int n : section.part()) {
            BodyPart container = part == null
                    ? structure.body()
                    : part.isMessageRfc822() ? part.message().body() : part;
            if (part != null && !part.isMessageRfc822() && !part.isMultipart()) {
                return Optional.empty();
            }
            if (container.isMultipart()) {
                if (n > container.children().size()) {
                    return Optional.empty();
                }
                part = container.children().get(n - 1);
            } else if (n == 1) {
                part = container;
            } else {
                return Optional.empty();
            }
        }
        return switch (section.text()) {
            case NONE -> range(content, part.bodyOffset(), part.endOffset());
            case MIME -> range(content, part.headerOffset(), part.bodyOffset());
            default -> {
                if (!part.isMessageRfc822()) {
                    yield Optional.empty();
                }
                BodyPart inner = part.message().body();
                yield messageText(content, (int) inner.bodyOffset(), (int) inner.headerOffset(),
                        (int) Math.min(content.length, part.endOffset()), section);
            }
        };
    }

    /** HEADER, HEADER.FIELDS[.NOT] or TEXT of a message whose header is [headerStart, bodyStart). */
    private static Optional<byte[]> messageText(byte[] content, int bodyStart, int headerStart, int end,
            FetchItem.Section section) {
        return switch (section.text()) {
            case TEXT -> range(content, bodyStart, end);
            case HEADER -> range(content, headerStart, bodyStart);
            case HEADER_FIELDS, HEADER_FIELDS_NOT -> Optional.of(
                    fields(content, headerStart, bodyStart, section, section.text() == FetchItem.Text.HEADER_FIELDS));
            default -> Optional.empty();
        };
    }

    /** The header fields named (or, with {@code wanted} false, not named), each with its folding, then CRLF. */
    private static byte[] fields(byte[] content, int start, int end, FetchItem.Section section, boolean wanted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = start;
        while (pos < end) {
            int fieldEnd = pos;
            do {
                while (fieldEnd < end && content[fieldEnd] != '\n') {
                    fieldEnd++;
                }
                fieldEnd = Math.min(fieldEnd + 1, end);
            } while (fieldEnd < end && (content[fieldEnd] == ' ' || content[fieldEnd] == '\t'));
            int colon = pos;
            while (colon < fieldEnd && content[colon] != ':' && content[colon] != '\r' && content[colon] != '\n') {
                colon++;
            }
            if (colon < fieldEnd && content[colon] == ':') {
                String name = new String(content, pos, colon - pos, StandardCharsets.ISO_8859_1).trim()
                        .toUpperCase(Locale.ROOT);
                if (section.fields().contains(name) == wanted) {
                    out.write(content, pos, fieldEnd - pos);
                }
            }
            pos = fieldEnd;
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    private static Optional<byte[]> range(byte[] content, long from, long to) {
        int a = (int) Math.min(from, content.length);
        int b = (int) Math.min(Math.max(to, from), content.length);
        return Optional.of(Arrays.copyOfRange(content, a, b));
    }

    /** Where the body starts: after the first empty line (CRLF CRLF or LF LF), or the end. */
    static int headerEnd(byte[] content, int from) {
        for (int i = from; i < content.length; i++) {
            if (content[i] == '\n') {
                if (i == from) {
                    return i + 1;
                }
                if (i + 1 < content.length && content[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < content.length && content[i + 1] == '\r' && content[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return content.length;
    }

    /** The {@code <origin.count>} part of a section; empty when origin is beyond its end. */
    static byte[] partial(byte[] section, long origin, long count) {
        if (origin >= section.length) {
            return new byte[0];
        }
        return Arrays.copyOfRange(section, (int) origin, (int) Math.min(section.length, origin + count));
    }
}
