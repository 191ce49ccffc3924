package org.postroom.protocol.smtp;

import org.postroom.protocol.sasl.SaslExchange;
import org.postroom.protocol.sasl.SaslFailure;

/**
 * Every reply the engine sends, defined once (RFC 5321 codes, RFC 3463 enhanced codes). Replies whose text depends
 * on the session (greeting, EHLO) are built by the commands from these shapes.
 */
public final class SmtpReplies {

    private SmtpReplies() {
    }

    // 2xx
    public static final SmtpReply HELP = SmtpReply.of(214, "2.0.0",
            "Commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT HELP VRFY STARTTLS AUTH");
    public static final SmtpReply READY_TO_START_TLS = SmtpReply.of(220, "2.0.0", "Ready to start TLS");
    public static final SmtpReply CLOSING = SmtpReply.of(221, "2.0.0", "Bye");
    public static final SmtpReply AUTHENTICATION_SUCCEEDED = SmtpReply.of(235, "2.7.0", "Authentication successful");
    public static final SmtpReply OK = SmtpReply.of(250, "2.0.0", "Ok");
    public static final SmtpReply SENDER_OK = SmtpReply.of(250, "2.1.0", "Ok");
    public static final SmtpReply RECIPIENT_OK = SmtpReply.of(250, "2.1.5", "Ok");
    /** Text completed with the queue id by the DATA step: {@code Ok: queued as ID}. */
    public static final SmtpReply QUEUED = SmtpReply.of(250, "2.0.0", "Ok: queued as");
    public static final SmtpReply CANNOT_VRFY = SmtpReply.of(252, "2.5.2",
            "Cannot VRFY user, but will accept message and attempt delivery");

    // 3xx: no enhanced code (RFC 2034 covers 2xx, 4xx and 5xx)
    public static final SmtpReply START_MAIL_INPUT = SmtpReply.of(354, "", "End data with <CR><LF>.<CR><LF>");
    /** Base64 "Username:" (AUTH LOGIN). */
    public static final SmtpReply AUTH_LOGIN_USERNAME = SmtpReply.of(334, "", SaslExchange.LOGIN_USERNAME_CHALLENGE);
    /** Base64 "Password:" (AUTH LOGIN). */
    public static final SmtpReply AUTH_LOGIN_PASSWORD = SmtpReply.of(334, "", SaslExchange.LOGIN_PASSWORD_CHALLENGE);
    /** The empty challenge of AUTH PLAIN without an initial response. */
    public static final SmtpReply AUTH_PLAIN_CONTINUE = SmtpReply.of(334, "", "");

    // 4xx
    /** Sent by the adapter when a connection stays idle too long, before it closes the connection. */
    public static final SmtpReply IDLE_TIMEOUT = SmtpReply.of(421, "4.4.2", "Idle timeout, closing connection");
    /** Sent by the adapter to open connections when the server stops. */
    public static final SmtpReply SHUTTING_DOWN = SmtpReply.of(421, "4.3.2", "Service shutting down");
    public static final SmtpReply LOCAL_ERROR = SmtpReply.of(451, "4.3.0", "Local error in processing");
    /** Postfix's answer when its queue file system is (nearly) full: MAIL and a failed store on a full disk. */
    public static final SmtpReply INSUFFICIENT_STORAGE = SmtpReply.of(452, "4.3.1", "Insufficient system storage");
    public static final SmtpReply TOO_MANY_RECIPIENTS = SmtpReply.of(452, "4.5.3", "Too many recipients");
    /** Sent before closing a session that failed AUTH too often; the hostname is put first. */
    public static final SmtpReply TOO_MANY_AUTH_FAILURES = SmtpReply.of(421, "4.7.0",
            "Too many failed authentication attempts, closing connection");
    /** Sent before closing a session with too many error replies; the hostname is put first. */
    /** Postfix's answer to {@code smtpd_client_message_rate_limit}: a temporary refusal of the transaction. */
    public static final SmtpReply TOO_MUCH_MAIL = SmtpReply.of(450, "4.7.1",
            "Too much mail from your address, try again later");
    public static final SmtpReply TOO_MANY_ERRORS = SmtpReply.of(421, "4.7.0", "Too many errors, closing connection");
    public static final SmtpReply AUTHENTICATION_UNAVAILABLE = SmtpReply.of(454, "4.7.0",
            "Temporary authentication failure");

    // 5xx
    public static final SmtpReply COMMAND_UNRECOGNIZED = SmtpReply.of(500, "5.5.2", "Command not recognized");
    public static final SmtpReply LINE_TOO_LONG = SmtpReply.of(500, "5.5.2", "Line too long");
    public static final SmtpReply INVALID_CHARACTERS = SmtpReply.of(500, "5.5.2", "Invalid characters in command");
    public static final SmtpReply SYNTAX_ERROR = SmtpReply.of(501, "5.5.4", "Syntax error in parameters");
    public static final SmtpReply BAD_SENDER_SYNTAX = SmtpReply.of(501, "5.1.7", "Bad sender address syntax");
    public static final SmtpReply BAD_RECIPIENT_SYNTAX = SmtpReply.of(501, "5.1.3", "Bad recipient address syntax");
    public static final SmtpReply AUTHENTICATION_CANCELLED = SmtpReply.of(501, "5.0.0", "Authentication cancelled");
    public static final SmtpReply CANNOT_DECODE_RESPONSE = SmtpReply.of(501, "5.5.2", "Cannot decode response");
    public static final SmtpReply NOT_IMPLEMENTED = SmtpReply.of(502, "5.5.1", "Command not implemented");
    public static final SmtpReply BAD_SEQUENCE = SmtpReply.of(503, "5.5.1", "Bad sequence of commands");
    public static final SmtpReply SEND_HELO_FIRST = SmtpReply.of(503, "5.5.1", "Send HELO/EHLO first");
    public static final SmtpReply NEED_MAIL = SmtpReply.of(503, "5.5.1", "Need MAIL command");
    public static final SmtpReply NEED_RCPT = SmtpReply.of(503, "5.5.1", "Need RCPT command");
    public static final SmtpReply NESTED_MAIL = SmtpReply.of(503, "5.5.1", "Nested MAIL command");
    public static final SmtpReply ALREADY_AUTHENTICATED = SmtpReply.of(503, "5.5.1", "Already authenticated");
    public static final SmtpReply TLS_ALREADY_ACTIVE = SmtpReply.of(503, "5.5.1", "TLS already active");
    public static final SmtpReply NOT_DURING_TRANSACTION = SmtpReply.of(503, "5.5.1",
            "Not permitted during a mail transaction");
    public static final SmtpReply UNRECOGNIZED_AUTH_MECHANISM = SmtpReply.of(504, "5.5.4",
            "Unrecognized authentication type");
    public static final SmtpReply AUTHENTICATION_REQUIRED = SmtpReply.of(530, "5.7.0", "Authentication required");
    public static final SmtpReply AUTHENTICATION_FAILED = SmtpReply.of(535, "5.7.8",
            "Authentication credentials invalid");
    public static final SmtpReply ENCRYPTION_REQUIRED_FOR_AUTH = SmtpReply.of(538, "5.7.11",
            "Encryption required for requested authentication mechanism");
    public static final SmtpReply UNKNOWN_USER = SmtpReply.of(550, "5.1.1", "User unknown");
    /** The SMTP smuggling defence (see {@link DataDecoder}): a bare CR or LF in the content. */
    public static final SmtpReply BARE_LINE_ENDING = SmtpReply.of(550, "5.6.11",
            "Bare CR or LF not allowed in message content");
    public static final SmtpReply MESSAGE_TOO_BIG = SmtpReply.of(552, "5.3.4",
            "Message size exceeds fixed maximum message size");
    public static final SmtpReply MAIL_LOOP = SmtpReply.of(554, "5.4.6", "Too many hops (mail loop detected)");
    public static final SmtpReply UNSUPPORTED_PARAMETER = SmtpReply.of(555, "5.5.4",
            "Unsupported MAIL FROM/RCPT TO parameter");

    /** The {@code 334} reply carrying a SASL challenge (already base64). */
    static SmtpReply saslChallenge(String base64) {
        return switch (base64) {
            case "" -> AUTH_PLAIN_CONTINUE;
            case SaslExchange.LOGIN_USERNAME_CHALLENGE -> AUTH_LOGIN_USERNAME;
            case SaslExchange.LOGIN_PASSWORD_CHALLENGE -> AUTH_LOGIN_PASSWORD;
            default -> SmtpReply.of(334, "", base64);
        };
    }

    /** The reply that ends a failed SASL exchange (RFC 4954 section 4). */
    static SmtpReply saslFailure(SaslFailure reason) {
        return switch (reason) {
            case BAD_BASE64, MALFORMED -> CANNOT_DECODE_RESPONSE;
            case EMPTY_AUTHCID, AUTHZID_REFUSED -> AUTHENTICATION_FAILED;
            case CANCELLED -> AUTHENTICATION_CANCELLED;
            case TOO_LONG -> LINE_TOO_LONG;
        };
    }
}
