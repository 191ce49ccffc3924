package org.postroom.store.jpa;

import java.util.concurrent.atomic.AtomicInteger;

/** The repository contract on embedded Derby (the default database), in memory. */
class DerbyRepositoryContractTest extends RepositoryContract {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Override
    protected String freshDatabaseUrl() {
        return "jdbc:derby:memory:contract" + DATABASES.incrementAndGet() + ";create=true";
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
