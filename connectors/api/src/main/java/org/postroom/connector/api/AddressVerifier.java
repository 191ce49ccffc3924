package org.postroom.connector.api;

/**
 * Answers SMTP VRFY (RFC 5321 section 3.5) when the server is configured to allow it; off by default because VRFY
 * lets anyone enumerate mailboxes. Thread-safe; may block.
 */
@FunctionalInterface
public interface AddressVerifier {

    /** Whether {@code mailbox} is a deliverable local address. */
    boolean exists(SessionContext session, MailAddress mailbox);
}
