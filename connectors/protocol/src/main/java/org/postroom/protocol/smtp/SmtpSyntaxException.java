package org.postroom.protocol.smtp;

/** A command argument the engine refuses, with the reply that says why. Internal to the engine. */
final class SmtpSyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient SmtpReply reply;

    SmtpSyntaxException(SmtpReply reply) {
        super(reply.toString(), null, false, false);
        this.reply = reply;
    }

    SmtpReply reply() {
        return reply;
    }
}
