package org.postroom.protocol.imap;

/** The status responses the engine sends in more than one place, defined once. */
final class ImapReplies {

    static final ImapReply MISSING_TAG = ImapReply.bad("Missing or invalid tag");
    static final ImapReply MISSING_COMMAND = ImapReply.bad("Missing command");
    static final ImapReply UNKNOWN_COMMAND = ImapReply.bad("Unknown command");
    static final ImapReply WRONG_STATE = ImapReply.bad("Command not valid in this state");
    static final ImapReply LINE_TOO_LONG = ImapReply.bad("Command line too long");
    static final ImapReply LITERAL_TOO_LARGE = ImapReply.bad("Literal too large");
    static final ImapReply NON_SYNC_LITERAL_TOO_LARGE = new ImapReply(ImapReply.Status.BAD, "TOOBIG",
            "Literal too large");
    static final ImapReply MESSAGE_TOO_LARGE = ImapReply.no("TOOBIG", "Message too large");
    static final ImapReply CLOSING = new ImapReply(ImapReply.Status.BYE, null, "Closing connection");
    static final ImapReply MAILBOX_GONE = new ImapReply(ImapReply.Status.BYE, null,
            "Selected mailbox no longer exists");

    static final ImapReply PRIVACY_REQUIRED = ImapReply.no("PRIVACYREQUIRED", "Use STARTTLS or a TLS port first");
    static final ImapReply TLS_ALREADY_ACTIVE = ImapReply.bad("TLS already active");
    static final ImapReply TLS_NOT_AVAILABLE = ImapReply.bad("STARTTLS not available");
    static final ImapReply AUTHENTICATION_FAILED = ImapReply.no("AUTHENTICATIONFAILED", "Authentication failed");
    static final ImapReply AUTHORIZATION_FAILED = ImapReply.no("AUTHORIZATIONFAILED",
            "Not authorized to act as that user");
    static final ImapReply AUTH_UNAVAILABLE = ImapReply.no("UNAVAILABLE", "Authentication temporarily unavailable");
    static final ImapReply AUTH_CANCELLED = ImapReply.bad("Authentication cancelled");
    static final ImapReply SASL_RESPONSE_TOO_LONG = ImapReply.bad("Response too long");
    static final ImapReply UNSUPPORTED_MECHANISM = ImapReply.no(null, "Unsupported authentication mechanism");

    static final ImapReply IDLE_TERMINATED = ImapReply.ok("IDLE terminated");
    static final ImapReply EXPECTED_DONE = ImapReply.bad("Expected DONE");
    static final ImapReply READ_ONLY = ImapReply.no("READ-ONLY", "Mailbox is read-only");
    static final ImapReply STORE_UNAVAILABLE = ImapReply.no("UNAVAILABLE", "Temporarily unavailable, try again later");

    /** A name that is not modified UTF-7 names no mailbox (RFC 3501 section 5.1.3). */
    static final ImapReply INVALID_NAME_NONEXISTENT = ImapReply.no("NONEXISTENT",
            "No such mailbox: the name is not valid modified UTF-7");
    static final ImapReply INVALID_NAME_REFUSED = ImapReply.no("CANNOT",
            "Invalid mailbox name: not valid modified UTF-7");
    static final ImapReply INVALID_LIST_PATTERN = ImapReply.no(null,
            "Cannot list that name: not valid modified UTF-7");
    /** An unexpected failure of the engine itself: the command did not complete, the session goes on. */
    static final ImapReply SERVER_BUG = ImapReply.no("SERVERBUG", "Internal error; the command was not completed");

    private ImapReplies() {
    }
}
