package org.postroom.store.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * Brings a database to the schema this build needs with Flyway (ADR 0027): the versioned scripts under
 * {@code META-INF/postroom/schema/<dialect>/} (listed in that folder's {@code migrations.txt}), checksums validated
 * before anything is applied (an edited script stops the start), history in {@code flyway_schema_history}, and
 * Flyway's lock (PostgreSQL: an advisory lock) so servers sharing a database do not race. A PostgreSQL database
 * migrated by the hand-written migrator of earlier builds (table {@code PR_SCHEMA_VERSION} at version N) is baselined
 * at N, so only newer scripts run. Plain JDBC, no container: the server, {@code bin/postroom migrate} and the tests
 * run the same scripts.
 */
public final class SchemaMigrations {

    static final String ROOT = "META-INF/postroom/schema/";
    /** The table the migrator of earlier builds kept its version in. */
    static final String LEGACY_VERSION_TABLE = "PR_SCHEMA_VERSION";
    /** Flyway's history table (its default name, which DBAs know). */
    public static final String HISTORY_TABLE = "flyway_schema_history";

    /** The databases with scripts; the JDBC product name selects one. */
    public enum Dialect {
        H2("h2"), POSTGRESQL("postgresql");

        private final String folder;

        Dialect(String folder) {
            this.folder = folder;
        }

        public String folder() {
            return folder;
        }

        static Dialect of(DatabaseMetaData meta) throws SQLException {
            String product = meta.getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (product.equals("h2")) {
                return H2;
            }
            if (product.contains("postgres")) {
                return POSTGRESQL;
            }
            throw new SQLException("unsupported database '" + meta.getDatabaseProductName()
                    + "': Postroom runs on H2 (embedded) or PostgreSQL");
        }
    }

    /**
     * What a migration did: the legacy version it baselined at (this time), the versions applied now, and the version
     * the schema is at afterwards.
     */
    public record Outcome(Dialect dialect, Optional<Integer> baselinedAt, List<Integer> applied, String version) {
    }

    private SchemaMigrations() {
    }

    /** Migrates the database behind a data source (the server's {@code jdbc/postroom}). */
    public static Outcome migrate(DataSource dataSource) throws SQLException {
        return migrate(dataSource, Flyway.configure(SchemaMigrations.class.getClassLoader()).dataSource(dataSource));
    }

    /** Migrates the database at a JDBC URL (tests, {@code bin/postroom migrate}). */
    public static Outcome migrate(String url, String user, String password) throws SQLException {
        FluentConfiguration flyway = Flyway.configure(SchemaMigrations.class.getClassLoader()).dataSource(url, user,
                password);
        return migrate(flyway.getDataSource(), flyway);
    }

    /** Migrates the database at a JDBC URL up to {@code version} only (tests of a later script's backfill). */
    static Outcome migrateTo(String url, String user, String password, String version) throws SQLException {
        FluentConfiguration flyway = Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(url, user, password).target(version);
        return migrate(flyway.getDataSource(), flyway);
    }

    private static Outcome migrate(DataSource dataSource, FluentConfiguration flyway) throws SQLException {
        Dialect dialect;
        Optional<Integer> legacy;
        try (Connection c = dataSource.getConnection()) {
            dialect = Dialect.of(c.getMetaData());
            legacy = tableExists(c, HISTORY_TABLE) ? Optional.empty() : legacyVersion(c);
        }
        flyway.resourceProvider(new ScriptList(dialect)).javaMigrationClassProvider(List::of)
                .locations(ROOT + dialect.folder).table(HISTORY_TABLE).validateOnMigrate(true)
                // Nothing ignored: a database migrated by a newer build (a version this one does not have) is refused.
                .ignoreMigrationPatterns(new String[0])
                .validateMigrationNaming(true)
                .cleanDisabled(true);
        if (legacy.isPresent()) {
            // Flyway baselines only a schema without its history table, so this runs once per database.
            flyway.baselineOnMigrate(true).baselineVersion(String.valueOf(legacy.get()))
                    .baselineDescription("schema version " + legacy.get() + " from " + LEGACY_VERSION_TABLE);
        }
        MigrateResult result = flyway.load().migrate();
        // what a script cannot compute in SQL, right after it (ADR 0076, 0077)
        EnvelopeBackfill.runIfPending(dataSource);
        List<Integer> applied = new ArrayList<>();
        for (MigrateOutput m : result.migrations) {
            applied.add(Integer.valueOf(m.version));
        }
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        return new Outcome(dialect, legacy, applied, version);
    }

    /** The version recorded by the migrator of earlier builds, when its table is in the connection's schema. */
    static Optional<Integer> legacyVersion(Connection c) throws SQLException {
        if (!tableExists(c, LEGACY_VERSION_TABLE)) {
            return Optional.empty();
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT MAX(VERSION) FROM " + LEGACY_VERSION_TABLE)) {
            rs.next();
            int version = rs.getInt(1);
            return version > 0 ? Optional.of(version) : Optional.empty();
        }
    }

    /** Whether the table exists in the connection's current schema (not just anywhere in the database). */
    private static boolean tableExists(Connection c, String name) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        for (String candidate : new String[]{name, name.toLowerCase(Locale.ROOT)}) {
            try (ResultSet rs = meta.getTables(null, c.getSchema(), candidate, new String[]{"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The script names of a dialect, from its {@code migrations.txt}, in order. */
    public static List<String> scripts(Dialect dialect) {
        String list = ROOT + dialect.folder + "/migrations.txt";
        try (InputStream in = open(list)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + list, e);
        }
    }

    private static InputStream open(String path) {
        InputStream in = SchemaMigrations.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("schema resource missing from the build: " + path);
        }
        return in;
    }

    /**
     * The scripts named in the list, read through the class loader: no class-path scanning, which depends on how
     * the application server packages the module (nested archives in an EAR).
     */
    private static final class ScriptList implements ResourceProvider {

        private final List<Script> scripts = new ArrayList<>();

        ScriptList(Dialect dialect) {
            for (String name : scripts(dialect)) {
                scripts.add(new Script(ROOT + dialect.folder + "/", name));
            }
        }

        @Override
        public LoadableResource getResource(String name) {
            return scripts.stream().filter(s -> s.getRelativePath().equals(name) || s.getFilename().equals(name))
                    .findFirst().orElse(null);
        }

        @Override
        public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
            List<LoadableResource> out = new ArrayList<>();
            for (Script s : scripts) {
                if (s.getFilename().startsWith(prefix) && Arrays.stream(suffixes).anyMatch(s.getFilename()::endsWith)) {
                    out.add(s);
                }
            }
            return out;
        }
    }

    private static final class Script extends LoadableResource {

        private final String folder;
        private final String name;

        Script(String folder, String name) {
            this.folder = folder;
            this.name = name;
        }

        @Override
        public Reader read() {
            return new InputStreamReader(open(folder + name), StandardCharsets.UTF_8);
        }

        @Override
        public String getAbsolutePath() {
            return folder + name;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return folder + name;
        }

        @Override
        public String getFilename() {
            return name;
        }

        @Override
        public String getRelativePath() {
            return name;
        }
    }
}
