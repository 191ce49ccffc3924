package org.postroom.store.schema;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code bin/postroom migrate}: applies the schema migrations to the configured database without starting the server
 * (for a DBA who runs them before an upgrade, ADR 0027). Reads {@code POSTROOM_DB_URL}, {@code POSTROOM_DB_USER},
 * {@code POSTROOM_DB_PASSWORD} (and {@code POSTROOM_DATA_DIR}, to refuse a Derby data directory as the server does;
 * an embedded database in a format this build's H2 cannot read is refused too, see {@link EmbeddedFormat});
 * needs the JDBC drivers and Flyway on the class path. Exit status 0 when the schema is current afterwards.
 */
public final class MigrateCommand {

    private MigrateCommand() {
    }

    public static void main(String[] args) {
        String url = env("POSTROOM_DB_URL").orElse("");
        if (url.isEmpty()) {
            System.err.println("POSTROOM_DB_URL is not set: the JDBC URL of the database to migrate");
            System.exit(2);
        }
        try {
            env("POSTROOM_DATA_DIR").ifPresent(dir -> SchemaBootstrap.refuseDerbyData(Path.of(dir), url));
            EmbeddedFormat.check(url);
            SchemaMigrations.Outcome outcome = SchemaMigrations.migrate(url, env("POSTROOM_DB_USER").orElse("postroom"),
                    env("POSTROOM_DB_PASSWORD").orElse(""));
            outcome.baselinedAt()
                    .ifPresent(v -> System.out.println("Baselined the schema of an earlier build at version "
                            + v + " (from " + SchemaMigrations.LEGACY_VERSION_TABLE + ")"));
            System.out.println(outcome.applied().isEmpty()
                    ? "Schema (" + outcome.dialect().folder() + ") is current: version " + outcome.version()
                    : "Schema (" + outcome.dialect().folder() + ") migrated to version " + outcome.version()
                            + ", applied " + outcome.applied());
        } catch (Exception e) {
            System.err.println("Migration failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).map(String::trim).filter(v -> !v.isEmpty());
    }
}
