package org.postroom.mail;

import java.util.Objects;

import jakarta.ejb.ApplicationException;

/**
 * The business side refuses a sender, a recipient or a message; the adapter answers with {@link #reply()}. Rolls back
 * the transaction it leaves, so nothing of a refused message is stored.
 */
@ApplicationException(rollback = true)
public class MailRejection extends Exception {

    private static final long serialVersionUID = 1L;

    private final MailReply reply;

    public MailRejection(MailReply reply) {
        super(Objects.requireNonNull(reply, "reply").toString());
        this.reply = reply;
    }

    public MailReply reply() {
        return reply;
    }

    /** The SMTP reply code, e.g. 550. */
    public int code() {
        return reply.code();
    }

    /** The RFC 3463 enhanced status code, e.g. {@code 5.1.1}. */
    public String enhancedCode() {
        return reply.enhancedCode();
    }

    /** The reply text. */
    public String text() {
        return reply.text();
    }
}
