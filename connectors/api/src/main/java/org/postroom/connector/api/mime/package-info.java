/**
 * The structure of a stored message as IMAP serves it (RFC 3501 sections 7.4.2 ENVELOPE, BODY, BODYSTRUCTURE and
 * BODY[section]): computed once, when the message is delivered, by a real MIME parser on the business side, stored
 * with the message, and read by the IMAP engine, which renders it and slices sections out of the raw bytes by the
 * offsets recorded here. Plain immutable values; no parser (that is {@code AddressListParser} in
 * {@code connectors/model}, and the structure analysis on the business side), no codec (the store's), no jakarta.
 *
 * <p>
 * Header values are kept as they appear in the message, unfolded (CRLF before folding whitespace removed) but not
 * decoded: IMAP sends encoded-words as they are (RFC 3501 section 7.4.2). {@code null} means "absent" and is rendered
 * as {@code NIL}.
 */
package org.postroom.connector.api.mime;
