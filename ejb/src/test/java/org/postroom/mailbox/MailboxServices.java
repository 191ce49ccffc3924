package org.postroom.mailbox;

import org.postroom.service.UserAuthenticationService;

/** The IMAP and POP3 services with a given authentication, for login tests outside the container. */
public final class MailboxServices {

    private MailboxServices() {
    }

    /** The IMAP service, for its {@code authenticate} alone. */
    public static ImapMailboxService imap(UserAuthenticationService authentication) {
        ImapMailboxService service = new ImapMailboxService();
        service.authentication = authentication;
        return service;
    }

    /** The POP3 service, for its {@code authenticate} alone. */
    public static MaildropService pop3(UserAuthenticationService authentication) {
        MaildropService service = new MaildropService();
        service.authentication = authentication;
        return service;
    }
}
