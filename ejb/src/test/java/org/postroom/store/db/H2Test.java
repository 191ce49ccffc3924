package org.postroom.store.db;

import org.h2.jdbcx.JdbcDataSource;

/** In-memory H2 databases for tests, with the settings the server's URL has (ADR 0026) where they apply. */
public final class H2Test {

    private H2Test() {
    }

    /** A named in-memory database that lives until the JVM ends (not closed with its last connection). */
    public static String freshUrl(String name) {
        return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=5000";
    }

    /** The server's {@link DiskSync} over the database at {@code url}, as the container gives it its data source. */
    public static DiskSync diskSync(String url) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        dataSource.setUser("postroom");
        dataSource.setPassword("");
        DiskSync sync = new DiskSync();
        sync.dataSource = dataSource;
        return sync;
    }
}
