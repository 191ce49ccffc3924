package org.postroom.protocol.imap;

import org.postroom.protocol.sasl.SaslFailure;
import org.postroom.protocol.sasl.SaslMechanism;

/** The status responses the engine sends in more than one place, defined once. */
final class ImapReplies {

    static final ImapReply MISSING_TAG = ImapReply.bad("Missing or invalid tag");
    static final ImapReply MISSING_COMMAND = ImapReply.bad("Missing command");
    static final ImapReply UNKNOWN_COMMAND = ImapReply.bad("Unknown command");
    static final ImapReply WRONG_STATE = ImapReply.bad("Command not valid in this state");
    static final ImapReply LINE_TOO_LONG = ImapReply.bad("Command line too long");
    static final ImapReply LITERAL_TOO_LARGE = ImapReply.bad("Literal too large");
    static final ImapReply NON_SYNC_LITERAL_TOO_LARGE = ImapReply.bad(ResponseCode.TOOBIG,
            "Literal too large");
    static final ImapReply MESSAGE_TOO_LARGE = ImapReply.no(ResponseCode.TOOBIG, "Message too large");
    static final ImapReply CLOSING = new ImapReply(ImapReply.Status.BYE, "Closing connection");
    static final ImapReply MAILBOX_GONE = new ImapReply(ImapReply.Status.BYE, "Selected mailbox no longer exists");

    static final ImapReply PRIVACY_REQUIRED = ImapReply.no(ResponseCode.PRIVACYREQUIRED,
            "Use STARTTLS or a TLS port first");
    static final ImapReply TLS_ALREADY_ACTIVE = ImapReply.bad("TLS already active");
    static final ImapReply TLS_NOT_AVAILABLE = ImapReply.bad("STARTTLS not available");
    static final ImapReply AUTHENTICATION_FAILED = ImapReply.no(ResponseCode.AUTHENTICATIONFAILED,
            "Authentication failed");
    static final ImapReply AUTHORIZATION_FAILED = ImapReply.no(ResponseCode.AUTHORIZATIONFAILED,
            "Not authorized to act as that user");
    static final ImapReply AUTH_UNAVAILABLE = ImapReply.no(ResponseCode.UNAVAILABLE,
            "Authentication temporarily unavailable");
    static final ImapReply AUTH_CANCELLED = ImapReply.bad("Authentication cancelled");
    static final ImapReply SASL_RESPONSE_TOO_LONG = ImapReply.bad("Response too long");
    static final ImapReply UNSUPPORTED_MECHANISM = ImapReply.no("Unsupported authentication mechanism");

    static final ImapReply IDLE_TERMINATED = ImapReply.ok("IDLE terminated");
    static final ImapReply EXPECTED_DONE = ImapReply.bad("Expected DONE");
    static final ImapReply READ_ONLY = ImapReply.no(ResponseCode.READ_ONLY, "Mailbox is read-only");
    static final ImapReply STORE_UNAVAILABLE = ImapReply.no(ResponseCode.UNAVAILABLE,
            "Temporarily unavailable, try again later");

    /** A name that is not modified UTF-7 names no mailbox (RFC 3501 section 5.1.3). */
    static final ImapReply INVALID_NAME_NONEXISTENT = ImapReply.no(ResponseCode.of(ResponseCode.Name.NONEXISTENT),
            "No such mailbox: the name is not valid modified UTF-7");
    static final ImapReply INVALID_NAME_REFUSED = ImapReply.no(ResponseCode.CANNOT,
            "Invalid mailbox name: not valid modified UTF-7");
    static final ImapReply INVALID_LIST_PATTERN = ImapReply.no(
            "Cannot list that name: not valid modified UTF-7");
    /** An unexpected failure of the engine itself: the command did not complete, the session goes on. */
    static final ImapReply SERVER_BUG = ImapReply.no(ResponseCode.of(ResponseCode.Name.SERVERBUG),
            "Internal error; the command was not completed");

    private ImapReplies() {
    }

    /**
     * The tagged reply that ends a failed AUTHENTICATE: BAD for a response the server cannot decode (RFC 3501
     * section 6.2.2) or a cancel, NO [AUTHORIZATIONFAILED] for acting as another user (RFC 5530).
     */
    static ImapReply saslFailure(SaslFailure reason, SaslMechanism mechanism) {
        return switch (reason) {
            case BAD_BASE64 -> ImapReply.bad("Invalid base64 response");
            case MALFORMED, EMPTY_AUTHCID -> ImapReply.bad("Invalid " + mechanism + " response");
            case AUTHZID_REFUSED -> AUTHORIZATION_FAILED;
            case CANCELLED -> AUTH_CANCELLED;
            case TOO_LONG -> SASL_RESPONSE_TOO_LONG;
        };
    }
}
