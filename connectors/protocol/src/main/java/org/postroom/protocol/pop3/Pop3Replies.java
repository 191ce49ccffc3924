package org.postroom.protocol.pop3;

import org.postroom.protocol.sasl.SaslFailure;

/** The fixed replies of the POP3 engine, defined once. Response codes are those of RFC 2449, 2595 and 3206. */
final class Pop3Replies {

    static final Pop3Reply OK = Pop3Reply.ok("");
    static final Pop3Reply BYE = Pop3Reply.ok("Bye");
    static final Pop3Reply USER_ACCEPTED = Pop3Reply.ok("Send PASS");
    static final Pop3Reply MAILDROP_READY = Pop3Reply.ok("Maildrop ready");
    static final Pop3Reply CAPABILITIES = Pop3Reply.ok("Capability list follows");
    static final Pop3Reply BEGIN_TLS = Pop3Reply.ok("Begin TLS negotiation");
    static final Pop3Reply MESSAGE_FOLLOWS = Pop3Reply.ok("Message follows");
    static final Pop3Reply MESSAGE_DELETED = Pop3Reply.ok("Message deleted");
    static final Pop3Reply SCAN_LISTING_FOLLOWS = Pop3Reply.ok("Scan listing follows");
    static final Pop3Reply UNIQUE_IDS_FOLLOW = Pop3Reply.ok("Unique-ID listing follows");

    static final Pop3Reply UNKNOWN_COMMAND = Pop3Reply.err("Unknown command");
    static final Pop3Reply INVALID_CHARACTERS = Pop3Reply.err("Invalid characters in command");
    static final Pop3Reply LINE_TOO_LONG = Pop3Reply.err("Line too long");
    static final Pop3Reply SYNTAX_ERROR = Pop3Reply.err("Syntax error in arguments");
    static final Pop3Reply WRONG_STATE = Pop3Reply.err("Command not valid in this state");
    static final Pop3Reply NO_SUCH_MESSAGE = Pop3Reply.err("No such message");
    static final Pop3Reply MESSAGE_GONE = Pop3Reply.err("Message was removed by another client");
    static final Pop3Reply USER_FIRST = Pop3Reply.err("Send USER first");
    static final Pop3Reply TLS_ALREADY_ACTIVE = Pop3Reply.err("TLS already active");
    static final Pop3Reply TLS_NOT_AVAILABLE = Pop3Reply.err("STLS not available");
    static final Pop3Reply UNSUPPORTED_MECHANISM = Pop3Reply.err("Unsupported authentication mechanism");

    static final Pop3Reply PLAINTEXT_DISALLOWED = Pop3Reply.err("AUTH",
            "Plaintext authentication disallowed without TLS");
    static final Pop3Reply INVALID_CREDENTIALS = Pop3Reply.err("AUTH", "Invalid credentials");
    static final Pop3Reply AUTH_CANCELLED = Pop3Reply.err("AUTH", "Authentication cancelled");
    static final Pop3Reply CANNOT_DECODE = Pop3Reply.err("AUTH", "Cannot decode SASL response");
    static final Pop3Reply IN_USE = Pop3Reply.err("IN-USE", "Maildrop is locked by another session");
    static final Pop3Reply AUTH_UNAVAILABLE = Pop3Reply.err("SYS/TEMP", "Authentication temporarily unavailable");
    static final Pop3Reply STORE_UNAVAILABLE = Pop3Reply.err("SYS/TEMP", "Maildrop temporarily unavailable");
    static final Pop3Reply COMMAND_FAILED = Pop3Reply.err("SYS/TEMP", "Command failed, try again later");
    static final Pop3Reply COMMIT_FAILED = Pop3Reply.err("SYS/TEMP", "Deleted messages were not removed");

    /** The SASL continuation with an empty challenge, {@code + } (RFC 5034 section 4). */
    static final Pop3Continuation SASL_CONTINUE = new Pop3Continuation("");

    private Pop3Replies() {
    }

    /** The {@code + } continuation carrying a SASL challenge (already base64). */
    static Pop3Continuation saslChallenge(String base64) {
        return base64.isEmpty() ? SASL_CONTINUE : new Pop3Continuation(base64);
    }

    /** The reply that ends a failed SASL exchange (RFC 5034 section 4, RFC 3206 AUTH). */
    static Pop3Reply saslFailure(SaslFailure reason) {
        return switch (reason) {
            case BAD_BASE64, MALFORMED, EMPTY_AUTHCID, AUTHZID_REFUSED -> CANNOT_DECODE;
            case CANCELLED -> AUTH_CANCELLED;
            case TOO_LONG -> LINE_TOO_LONG;
        };
    }
}
