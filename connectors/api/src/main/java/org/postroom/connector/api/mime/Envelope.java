package org.postroom.connector.api.mime;

import java.util.List;

/**
 * RFC 3501 ENVELOPE fields, in the order IMAP sends them. Strings are raw unfolded header values ({@code null} when
 * the header is absent); address lists are empty when the header is absent or has no address.
 *
 * <p>
 * IMAP's defaulting rule (sender and reply-to default to from) is applied by the renderer, not stored.
 */
public record Envelope(String date, String subject, List<Address> from, List<Address> sender,
        List<Address> replyTo, List<Address> to, List<Address> cc, List<Address> bcc, String inReplyTo,
        String messageId) {

    public Envelope {
        from = List.copyOf(from);
        sender = List.copyOf(sender);
        replyTo = List.copyOf(replyTo);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
    }

    /** An envelope for a header that has none of the fields. */
    public static final Envelope EMPTY = new Envelope(null, null, List.of(), List.of(), List.of(), List.of(),
            List.of(), List.of(), null, null);
}
