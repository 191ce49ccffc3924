package org.postroom.protocol.imap;

import java.util.Objects;
import java.util.Optional;

/**
 * A status response without its tag (RFC 3501 section 7.1): {@code OK}, {@code NO}, {@code BAD} or {@code BYE}, an
 * optional response code (RFC 5530 and the extensions'), and human-readable text.
 *
 * @param code the response code, if any ({@code TRYCREATE}, {@code COPYUID 1 2 3})
 */
record ImapReply(Status status, Optional<ResponseCode> code, String text) {

    enum Status {
        OK, NO, BAD, BYE
    }

    ImapReply {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(text, "text");
    }

    ImapReply(Status status, ResponseCode code, String text) {
        this(status, Optional.of(code), text);
    }

    ImapReply(Status status, String text) {
        this(status, Optional.empty(), text);
    }

    static ImapReply ok(String text) {
        return new ImapReply(Status.OK, text);
    }

    static ImapReply ok(ResponseCode code, String text) {
        return new ImapReply(Status.OK, code, text);
    }

    static ImapReply no(String text) {
        return new ImapReply(Status.NO, text);
    }

    static ImapReply no(ResponseCode code, String text) {
        return new ImapReply(Status.NO, code, text);
    }

    static ImapReply bad(String text) {
        return new ImapReply(Status.BAD, text);
    }

    static ImapReply bad(ResponseCode code, String text) {
        return new ImapReply(Status.BAD, code, text);
    }

    boolean isOk() {
        return status == Status.OK;
    }
}
