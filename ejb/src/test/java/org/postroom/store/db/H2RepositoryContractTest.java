package org.postroom.store.db;

import java.util.concurrent.atomic.AtomicInteger;

/** The repository contract on embedded H2 (the default database), in memory. */
class H2RepositoryContractTest extends RepositoryContract {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Override
    protected String freshDatabaseUrl() {
        return H2Test.freshUrl("contract" + DATABASES.incrementAndGet());
    }

    @Override
    protected String user() {
        return "postroom";
    }

    @Override
    protected String password() {
        return "";
    }
}
