package org.postroom.protocol.imap;

import org.junit.jupiter.api.AfterEach;
import org.postroom.connector.api.AuthenticatedUser;
import org.postroom.connector.api.Credentials;
import org.postroom.connector.api.imap.MailboxSessionListener;
import org.postroom.store.db.JpaImapListener;

/**
 * The engine's listener contract (from the protocol module's test-jar) run against the JPA mail store on H2: the
 * same scenarios as the in-memory store the dialogue tests use.
 */
class JpaMailStoreContractTest extends MailboxSessionListenerContract {

    private final JpaImapListener store = new JpaImapListener();
    private final String alice = store.addUser("alice");

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    MailboxSessionListener listener() {
        return store.listener();
    }

    @Override
    AuthenticatedUser user() {
        return new AuthenticatedUser(alice);
    }

    @Override
    Credentials credentials() {
        return new Credentials(alice, JpaImapListener.PASSWORD);
    }

    @Override
    long deliver(String folder, String message) {
        return store.deliver(alice, folder, message);
    }
}
