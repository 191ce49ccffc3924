package org.postroom.store.db;

/** The shared-mailbox stress on embedded H2, in memory. */
class H2SharedMailboxStressTest extends SharedMailboxStressContract {

    @Override
    protected JpaImapListener freshStore() {
        return new JpaImapListener();
    }
}
