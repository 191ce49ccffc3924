package org.postroom.protocol.pop3;

import org.junit.jupiter.api.AfterEach;
import org.postroom.connector.api.AuthenticatedUser;
import org.postroom.connector.api.Credentials;
import org.postroom.connector.api.MaildropListener;
import org.postroom.store.db.JpaImapListener;

/** The POP3 listener contract run against {@code MaildropService} (what the POP3 beans are) on Derby. */
class JpaMaildropContractTest extends MaildropListenerContract {

    private final JpaImapListener store = new JpaImapListener();
    private final String alice = store.addUser("alice");

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    protected MaildropListener listener() {
        return store.maildropListener();
    }

    @Override
    protected AuthenticatedUser user() {
        return new AuthenticatedUser(alice);
    }

    @Override
    protected Credentials credentials() {
        return new Credentials(alice, JpaImapListener.PASSWORD);
    }

    @Override
    protected void deliver(String message) {
        store.deliver(alice, "INBOX", message);
    }
}
