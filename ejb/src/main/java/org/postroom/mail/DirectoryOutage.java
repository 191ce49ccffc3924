package org.postroom.mail;

import org.postroom.directory.DirectoryUnavailableException;
import org.postroom.domain.EmailAddress;

/**
 * At delivery, a recipient could not be resolved because the corporate directory cannot be asked (ADR 0065): a
 * temporary failure of that recipient alone. {@link DeliveryService} leaves it waiting with {@link #reply()} and the
 * queue's schedule tries it again (ADR 0042); it is never bounced for the outage before the queue lifetime ends.
 */
public final class DirectoryOutage extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient MailReply reply;

    DirectoryOutage(EmailAddress recipient, DirectoryUnavailableException cause) {
        super("the directory is unavailable (" + cause.getMessage() + "); delivery to " + recipient
                + " is tried again later", cause);
        this.reply = MailReply.directoryUnavailable(recipient.toString());
    }

    /** {@code 451 4.4.3}: what the recipient's queue row says while it waits. */
    public MailReply reply() {
        return reply;
    }
}
