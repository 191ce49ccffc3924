package org.postroom.connector.api;

import java.util.Objects;

/**
 * One message in a POP3 maildrop snapshot.
 *
 * @param key the store's id of the message, given back to {@link MaildropListener#content} and
 *            {@link MaildropListener#commit}; never shown to the client
 * @param size the size in octets as the engine will send it (CRLF line ends, before dot-stuffing), for STAT and LIST
 * @param uniqueId the UIDL value: 1 to 70 characters 0x21 to 0x7E, stable across sessions (RFC 1939 section 7)
 */
public record Pop3MaildropEntry(String key, long size, String uniqueId) {

    public Pop3MaildropEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(uniqueId, "uniqueId");
        if (size < 0) {
            throw new IllegalArgumentException("negative size: " + size);
        }
        if (uniqueId.isEmpty() || uniqueId.length() > 70
                || !uniqueId.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new IllegalArgumentException("unique id must be 1-70 characters 0x21-0x7E: " + uniqueId);
        }
    }
}
