package org.postroom.store.db;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The shared-mailbox stress on a real PostgreSQL ({@code POSTROOM_TEST_PG_URL}), in a schema of its own. */
@EnabledIfEnvironmentVariable(named = "POSTROOM_TEST_PG_URL", matches = "jdbc:postgresql:.*")
class PostgresSharedMailboxStressTest extends SharedMailboxStressContract {

    @Override
    protected JpaImapListener freshStore() throws Exception {
        return new JpaImapListener(PostgresRepositoryContractTest.freshSchema(), null, null);
    }
}
