package org.postroom.directory;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldif.LDIFReader;

/**
 * The tests' corporate directory (ADR 0050): the same people in both presets (the LDIF files under
 * {@code directory/} in the test resources), served by UnboundID's in-memory directory server or by a real OpenLDAP
 * {@code slapd} the test starts on a free loopback port with its own configuration, schema file and data. Without
 * the {@code slapd} binary the real-server tests are skipped, except under {@code CI=true}, where they fail.
 */
public final class DirectoryFixtures {

    public static final String BASE_DN = "dc=example,dc=org";
    public static final String SERVICE_DN = "cn=postroom,ou=services,dc=example,dc=org";
    public static final String SERVICE_PASSWORD = "service-pw";
    static final String ADMIN_DN = "cn=admin,dc=example,dc=org";
    static final String ADMIN_PASSWORD = "admin-pw";
    /** The openldap preset's tests disable users with this filter (the preset's default needs the ppolicy overlay). */
    public static final String OPENLDAP_DISABLED_FILTER = "(employeeType=disabled)";

    private static final Path SLAPD = Path.of("/usr/sbin/slapd");
    private static final Path SLAPADD = Path.of("/usr/sbin/slapadd");
    private static final Path SYSTEM_SCHEMA = Path.of("/etc/ldap/schema");
    private static final Path MODULES = Path.of("/usr/lib/ldap");

    private DirectoryFixtures() {
    }

    /** A directory server for the tests, holding the people of {@link #ldif}. */
    public interface TestDirectory extends AutoCloseable {

        /** {@code ldap://127.0.0.1:port}. */
        String url();

        /** Stops answering (connections are refused) until {@link #start()}. */
        void stop();

        /** Answers again, on the same port, with the same data. */
        void start();

        /** Replaces {@code dn}'s password, as the directory's administrator. */
        default void setPassword(String dn, String password) {
            try (LDAPConnection admin = new LDAPConnection("127.0.0.1", port(url()), ADMIN_DN, ADMIN_PASSWORD)) {
                admin.modify(dn, new Modification(ModificationType.REPLACE, "userPassword", password));
            } catch (LDAPException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Deletes the entry {@code dn} (a leaf), as the directory's administrator; returns it for {@link #add}. */
        default Entry delete(String dn) {
            try (LDAPConnection admin = new LDAPConnection("127.0.0.1", port(url()), ADMIN_DN, ADMIN_PASSWORD)) {
                Entry entry = admin.getEntry(dn, "*");
                admin.delete(dn);
                return entry;
            } catch (LDAPException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Adds {@code entry}, as the directory's administrator. */
        default void add(Entry entry) {
            try (LDAPConnection admin = new LDAPConnection("127.0.0.1", port(url()), ADMIN_DN, ADMIN_PASSWORD)) {
                admin.add(entry);
            } catch (LDAPException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        void close();
    }

    /** The people of the tests in {@code schema}'s attributes, as LDIF. */
    public static String ldif(DirectorySchema schema) {
        String name = "/directory/" + (schema == DirectorySchema.AD ? "ad" : "openldap") + ".ldif";
        try (InputStream in = DirectoryFixtures.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The settings for {@code schema}'s preset against {@code urls}, as an administrator would write them. */
    public static DirectorySettings settings(DirectorySchema schema, String... urls) {
        Map<String, String> values = new HashMap<>();
        values.put("postroom.ldap.url", String.join(" ", urls));
        values.put("postroom.ldap.schema", schema.name().toLowerCase());
        values.put("postroom.ldap.base.dn", BASE_DN);
        values.put("postroom.ldap.bind.dn", SERVICE_DN);
        values.put("postroom.ldap.bind.password", SERVICE_PASSWORD);
        values.put("postroom.ldap.timeout.ms", "2000");
        values.put("postroom.ldap.admin.group", schema == DirectorySchema.AD
                ? "cn=All,ou=groups,dc=example,dc=org"
                : "cn=all,ou=groups,dc=example,dc=org");
        values.put("postroom.ldap.domain.admin.group", "cn=mail-admins-{domain},ou=groups,dc=example,dc=org");
        if (schema == DirectorySchema.OPENLDAP) {
            values.put("postroom.ldap.disabled.filter", OPENLDAP_DISABLED_FILTER);
        }
        return DirectorySettings.from(name -> Optional.ofNullable(values.get(name))).orElseThrow();
    }

    /** An {@code ldap://} URL on a loopback port nobody listens on. */
    public static String deadUrl() {
        return "ldap://127.0.0.1:" + freePort();
    }

    /** UnboundID's in-memory directory server with the tests' people (no schema checking). */
    public static TestDirectory inMemory(DirectorySchema schema) {
        int port = freePort();
        try {
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE_DN);
            config.setSchema(null);
            config.addAdditionalBindCredentials(ADMIN_DN, ADMIN_PASSWORD);
            config.setListenerConfigs(
                    InMemoryListenerConfig.createLDAPConfig("test", InetAddress.getLoopbackAddress(), port, null));
            InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
            server.importFromLDIF(true, new LDIFReader(new java.io.ByteArrayInputStream(
                    ldif(schema).getBytes(StandardCharsets.UTF_8))));
            server.startListening();
            return new TestDirectory() {
                private boolean listening = true;

                @Override
                public String url() {
                    return "ldap://127.0.0.1:" + port;
                }

                @Override
                public synchronized void stop() {
                    server.shutDown(true);
                    listening = false;
                }

                @Override
                public synchronized void start() {
                    if (listening) {
                        return;
                    }
                    try {
                        server.startListening();
                        listening = true;
                    } catch (LDAPException e) {
                        throw new IllegalStateException(e);
                    }
                }

                @Override
                public void close() {
                    server.shutDown(true);
                }
            };
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A real OpenLDAP {@code slapd} on a free loopback port, with a configuration, the core, cosine and inetorgperson
     * schemas, the tests' schema file for the AD attributes, and the tests' people loaded with {@code slapadd}.
     * Skipped (an assumption) when {@code slapd} is not installed, unless {@code CI=true}.
     */
    public static TestDirectory slapd(DirectorySchema schema) {
        return slapd(schema, "");
    }

    /** {@link #slapd(DirectorySchema)} with {@code moreLdif} loaded after the tests' people. */
    public static TestDirectory slapd(DirectorySchema schema, String moreLdif) {
        boolean installed = Files.isExecutable(SLAPD) && Files.isExecutable(SLAPADD);
        if (!installed && "true".equals(System.getenv("CI"))) {
            fail("slapd is not installed (Debian packages slapd and ldap-utils; .ci/run installs them)");
        }
        assumeTrue(installed, "slapd is not installed (Debian packages slapd and ldap-utils): real-directory tests"
                + " skipped");
        try {
            return new Slapd(schema, moreLdif);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Slapd implements TestDirectory {
        private final Path dir;
        private final Path config;
        private final int port;
        private Process process;

        Slapd(DirectorySchema schema, String moreLdif) throws IOException {
            dir = Files.createTempDirectory("postroom-slapd");
            Files.createDirectories(dir.resolve("db"));
            try (InputStream in = DirectoryFixtures.class.getResourceAsStream("/directory/postroom-test.schema")) {
                Files.write(dir.resolve("postroom-test.schema"), in.readAllBytes());
            }
            Files.writeString(dir.resolve("data.ldif"), ldif(schema) + "\n" + moreLdif);
            config = dir.resolve("slapd.conf");
            Files.writeString(config, String.join("\n",
                    "include " + SYSTEM_SCHEMA.resolve("core.schema"),
                    "include " + SYSTEM_SCHEMA.resolve("cosine.schema"),
                    "include " + SYSTEM_SCHEMA.resolve("inetorgperson.schema"),
                    "include " + dir.resolve("postroom-test.schema"),
                    "pidfile " + dir.resolve("slapd.pid"),
                    "modulepath " + MODULES,
                    "moduleload back_mdb",
                    "sizelimit size.soft=500 size.hard=unlimited size.prtotal=unlimited",
                    "database mdb",
                    "maxsize 104857600",
                    "suffix \"" + BASE_DN + "\"",
                    "rootdn \"" + ADMIN_DN + "\"",
                    "rootpw " + ADMIN_PASSWORD,
                    "directory " + dir.resolve("db"),
                    "index objectClass eq",
                    "access to attrs=userPassword by self write by anonymous auth by * none",
                    "access to * by * read",
                    ""));
            run(List.of(SLAPADD.toString(), "-q", "-f", config.toString(), "-l",
                    dir.resolve("data.ldif").toString()));
            port = freePort();
            start();
        }

        @Override
        public String url() {
            return "ldap://127.0.0.1:" + port;
        }

        @Override
        public synchronized void start() {
            if (process != null && process.isAlive()) {
                return;
            }
            try {
                process = new ProcessBuilder(SLAPD.toString(), "-d", "0", "-f", config.toString(), "-h",
                        url() + "/").redirectErrorStream(true)
                        .redirectOutput(dir.resolve("slapd.log").toFile()).start();
                Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
                while (!listening(port)) {
                    if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("slapd did not start: " + log());
                    }
                    Thread.sleep(50);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public synchronized void stop() {
            if (process == null) {
                return;
            }
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }

        @Override
        public void close() {
            stop();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind is harmless
            }
        }

        private String log() {
            try {
                return Files.readString(dir.resolve("slapd.log"));
            } catch (IOException e) {
                return "(no log)";
            }
        }

        private void run(List<String> command) throws IOException {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try {
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int port(String url) {
        return DirectorySettings.server(url).port();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
