package org.postroom.connector.api.imap;

import java.util.Objects;

/**
 * A store operation refused for a reason the client should know; the engine answers {@code NO} with the RFC 5530
 * (or RFC 3501) response code of the {@link Reason}. Other failures (I/O, a broken database) are plain exceptions,
 * logged and answered {@code NO [UNAVAILABLE]} without details.
 */
public final class MailboxException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why, as the IMAP response code the engine will send. */
    public enum Reason {
        /** No such mailbox ({@code [NONEXISTENT]}). */
        NONEXISTENT("NONEXISTENT"),
        /** The target of COPY, MOVE or APPEND does not exist ({@code [TRYCREATE]}, RFC 3501 section 6.3.11). */
        TRY_CREATE("TRYCREATE"),
        /** CREATE or RENAME to a name that exists ({@code [ALREADYEXISTS]}). */
        ALREADY_EXISTS("ALREADYEXISTS"),
        /** Not allowed by the store's rules, e.g. deleting INBOX ({@code [CANNOT]}). */
        CANNOT("CANNOT"),
        /** Not permitted for this user ({@code [NOPERM]}). */
        NO_PERMISSION("NOPERM"),
        /** Quota exceeded ({@code [OVERQUOTA]}). */
        OVER_QUOTA("OVERQUOTA"),
        /** A store limit, e.g. too many mailboxes ({@code [LIMIT]}). */
        LIMIT("LIMIT"),
        /** Temporarily impossible ({@code [UNAVAILABLE]}). */
        UNAVAILABLE("UNAVAILABLE");

        private final String responseCode;

        Reason(String responseCode) {
            this.responseCode = responseCode;
        }

        public String responseCode() {
            return responseCode;
        }
    }

    private final Reason reason;

    public MailboxException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
