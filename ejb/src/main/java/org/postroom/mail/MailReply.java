package org.postroom.mail;

import java.util.Objects;

/**
 * A refusal as SMTP states it: the reply code (RFC 5321 section 4.2), the enhanced status code (RFC 3463) and a text
 * for the client. Every refusal the business side makes is built here, once.
 *
 * @param code the three-digit reply code, 4xx (try again later) or 5xx (permanent)
 * @param enhancedCode the RFC 3463 code, for example {@code 5.1.1}
 * @param text a one-line explanation without CR or LF
 */
public record MailReply(int code, String enhancedCode, String text) {

    /**
     * @throws IllegalArgumentException if the code is not a 4xx or 5xx code, or the text holds a line break
     */
    public MailReply {
        if (code < 400 || code > 599) {
            throw new IllegalArgumentException("a refusal has a 4xx or 5xx code, was " + code);
        }
        Objects.requireNonNull(enhancedCode, "enhancedCode");
        Objects.requireNonNull(text, "text");
        if (enhancedCode.charAt(0) != Integer.toString(code).charAt(0)) {
            throw new IllegalArgumentException("enhanced code " + enhancedCode + " does not match " + code);
        }
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a reply text is one line");
        }
    }

    /** 550 5.1.1: the recipient is in a hosted domain but is neither a user nor an alias. */
    public static MailReply unknownUser(String recipient) {
        return new MailReply(550, "5.1.1", "<" + recipient + ">: no such user here");
    }

    /** 451 4.4.3: whether the recipient exists depends on the corporate directory, which did not answer. */
    public static MailReply directoryUnavailable(String recipient) {
        return new MailReply(451, "4.4.3", "<" + recipient + ">: directory temporarily unavailable, try again later");
    }

    /** 554 5.7.1: the recipient is elsewhere and this session may not relay. */
    public static MailReply relayDenied(String recipient) {
        return new MailReply(554, "5.7.1", "<" + recipient + ">: relay access denied");
    }

    /** 550 5.7.1: the recipient refuses mail from this sender (its restrictions). */
    public static MailReply senderRefused(String recipient) {
        return new MailReply(550, "5.7.1", "<" + recipient + "> does not accept mail from this sender");
    }

    /** 552 5.3.4: the message is larger than the recipient, or this server, accepts. */
    public static MailReply tooLarge(long limit) {
        return new MailReply(552, "5.3.4", "message size exceeds the limit of " + limit + " bytes");
    }

    /** 452 4.2.2 (soft quota: try later) or 552 5.2.2 (hard quota): the recipient's mailbox is full. */
    public static MailReply mailboxFull(String recipient, boolean hard) {
        return hard
                ? new MailReply(552, "5.2.2", "<" + recipient + ">: mailbox full")
                : new MailReply(452, "4.2.2", "<" + recipient + ">: mailbox full, try again later");
    }

    /** {@code 550 5.1.1 text}, as it would appear on the wire and in the queue's records. */
    @Override
    public String toString() {
        return code + " " + enhancedCode + " " + text;
    }
}
