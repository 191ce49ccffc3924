package org.postroom.connector.api.imap;

import java.util.Objects;

/**
 * One message of {@link MailboxSessionListener#fetchWithContent}: its metadata and its stored octets.
 *
 * @param metadata as {@link MailboxSessionListener#fetch} returns it
 * @param content the stored message, CRLF line ends, exactly {@link MessageMetadata#size()} octets; not copied
 */
public record FetchedMessage(MessageMetadata metadata, byte[] content) {

    public FetchedMessage {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(content, "content");
    }
}
