package org.postroom.protocol.imap;

import org.postroom.connector.api.AuthenticatedUser;
import org.postroom.connector.api.Credentials;
import org.postroom.connector.api.imap.MailboxSessionListener;

/** The listener contract, run against the in-memory store the dialogue tests use. */
class ImapInMemoryMailStoreContractTest extends MailboxSessionListenerContract {

    private final InMemoryMailStore store = new InMemoryMailStore().user("alice", "secret");

    @Override
    MailboxSessionListener listener() {
        return store;
    }

    @Override
    AuthenticatedUser user() {
        return new AuthenticatedUser("alice");
    }

    @Override
    Credentials credentials() {
        return new Credentials("alice", "secret");
    }

    @Override
    long deliver(String folder, String message) {
        return store.deliver("alice", folder, message);
    }
}
