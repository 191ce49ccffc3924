package org.postroom.connector.api.mime;

import java.util.List;
import java.util.Objects;

/**
 * One MIME entity (RFC 2045), as IMAP describes it in BODYSTRUCTURE and addresses it with BODY[section].
 *
 * <p>
 * Offsets are octets from the start of the whole stored message (CRLF line ends), so a section is a plain slice:
 * {@code [headerOffset, bodyOffset)} is this part's header including the blank line that ends it (BODY[n.MIME], or
 * BODY[HEADER] for the top level and for message/rfc822 parts' encapsulated message), {@code [bodyOffset, endOffset)}
 * its body (BODY[n], BODY[TEXT] of the top level). For a top-level part without a header, both offsets are equal.
 *
 * @param type the media type, lower case ({@code text}); {@code text} when absent (RFC 2045 section 5.2)
 * @param subtype the media subtype, lower case ({@code plain})
 * @param parameters Content-Type parameters, in header order; {@code charset=us-ascii} is added for a text part
 *            without one
 * @param id Content-ID, or {@code null}
 * @param description Content-Description, or {@code null}
 * @param encoding Content-Transfer-Encoding as written, or {@code null} (rendered {@code "7BIT"})
 * @param headerOffset where this part's header starts
 * @param bodyOffset where this part's body starts (just after the blank line)
 * @param endOffset where this part's body ends (exclusive; before the CRLF that precedes the next boundary)
 * @param lines body size in text lines, meaningful for {@code text/*} and {@code message/rfc822}
 * @param md5 Content-MD5, or {@code null}
 * @param disposition Content-Disposition, or {@code null}
 * @param language Content-Language tags, empty when absent
 * @param location Content-Location, or {@code null}
 * @param children the parts of a {@code multipart/*}, in order (at least one; a multipart without parts is described
 *            as {@code text/plain}); empty otherwise
 * @param message the encapsulated message of a {@code message/rfc822} part; {@code null} otherwise
 */
public record BodyPart(String type, String subtype, List<Parameter> parameters, String id, String description,
        String encoding, long headerOffset, long bodyOffset, long endOffset, long lines, String md5,
        Disposition disposition, List<String> language, String location, List<BodyPart> children,
        MessageStructure message) {

    public BodyPart {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subtype, "subtype");
        parameters = List.copyOf(parameters);
        language = List.copyOf(language);
        children = List.copyOf(children);
        if (headerOffset < 0 || bodyOffset < headerOffset || endOffset < bodyOffset) {
            throw new IllegalArgumentException(
                    "offsets must satisfy 0 <= header <= body <= end: " + headerOffset + ", " + bodyOffset + ", "
                            + endOffset);
        }
        // the fields are not assigned yet in a compact constructor: test the parameter, not isMultipart()
        boolean multipart = type.equals("multipart");
        if (multipart && children.isEmpty()) {
            throw new IllegalArgumentException("a multipart needs at least one part");
        }
        if (!multipart && !children.isEmpty()) {
            throw new IllegalArgumentException("only a multipart has parts");
        }
    }

    public boolean isMultipart() {
        return type.equals("multipart");
    }

    public boolean isMessageRfc822() {
        return message != null;
    }

    public boolean isText() {
        return type.equals("text");
    }

    /** The body size in octets, as BODYSTRUCTURE reports it. */
    public long bodySize() {
        return endOffset - bodyOffset;
    }
}
