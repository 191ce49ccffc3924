package org.postroom.protocol.imap;

import java.util.Objects;

/**
 * A status response without its tag (RFC 3501 section 7.1): {@code OK}, {@code NO}, {@code BAD} or {@code BYE}, an
 * optional response code (RFC 5530 and the extensions'), and human-readable text.
 *
 * @param code the response code without brackets ({@code TRYCREATE}, {@code COPYUID 1 2 3}), or {@code null}
 */
record ImapReply(Status status, String code, String text) {

    enum Status {
        OK, NO, BAD, BYE
    }

    ImapReply {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(text, "text");
    }

    static ImapReply ok(String text) {
        return new ImapReply(Status.OK, null, text);
    }

    static ImapReply ok(String code, String text) {
        return new ImapReply(Status.OK, code, text);
    }

    static ImapReply no(String code, String text) {
        return new ImapReply(Status.NO, code, text);
    }

    static ImapReply bad(String text) {
        return new ImapReply(Status.BAD, null, text);
    }

    boolean isOk() {
        return status == Status.OK;
    }
}
