package org.postroom.protocol.sasl;

/** Why a SASL exchange ended without credentials; each engine maps a reason to its own reply. */
public enum SaslFailure {
    /** The response is not base64 of UTF-8 text (RFC 4954: 501; RFC 3501: BAD). */
    BAD_BASE64,
    /** The decoded PLAIN response is not {@code authzid NUL authcid NUL passwd}. */
    MALFORMED,
    /** The authentication identity (PLAIN's authcid, LOGIN's user name) is empty. */
    EMPTY_AUTHCID,
    /** PLAIN named an authorization identity other than the authentication identity: nobody may act as another. */
    AUTHZID_REFUSED,
    /** The client cancelled with {@code *} (RFC 4954 section 4, RFC 5034 section 4, RFC 3501 section 6.2.2). */
    CANCELLED,
    /** The response line was longer than the engine's line limit; the framer dropped it. */
    TOO_LONG
}
