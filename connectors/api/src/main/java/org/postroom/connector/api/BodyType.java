package org.postroom.connector.api;

/** The MAIL FROM {@code BODY=} parameter (RFC 6152, 8BITMIME). */
public enum BodyType {
    /** {@code BODY=7BIT}: ASCII content only. */
    SEVEN_BIT,
    /** {@code BODY=8BITMIME}: MIME content that may contain octets above 127. */
    EIGHT_BIT_MIME
}
