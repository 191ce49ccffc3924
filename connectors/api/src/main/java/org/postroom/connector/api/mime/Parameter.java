package org.postroom.connector.api.mime;

import java.util.Objects;

/**
 * One MIME parameter ({@code charset=utf-8}), decoded from RFC 2231 continuations if there were any. The attribute
 * is kept as written (IMAP servers conventionally send it upper-case; the renderer decides).
 */
public record Parameter(String attribute, String value) {

    public Parameter {
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(value, "value");
    }
}
