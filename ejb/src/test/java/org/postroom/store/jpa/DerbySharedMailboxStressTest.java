package org.postroom.store.jpa;

/** The shared-mailbox stress on embedded Derby, in memory. */
class DerbySharedMailboxStressTest extends SharedMailboxStressContract {

    @Override
    protected JpaImapListener freshStore() {
        return new JpaImapListener();
    }
}
