package it;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real OpenLDAP {@code slapd} for the integration tests (ADR 0067): its own configuration (mdb backend, the core,
 * cosine and inetorgperson schemas), the test's LDIF loaded with {@code slapadd}, listening on a free loopback port.
 * Skipped (an assumption) without the Debian packages, except under {@code CI=true}, where that fails.
 */
final class Slapd implements AutoCloseable {

    static final String BASE_DN = "dc=example,dc=org";
    static final String ADMIN_DN = "cn=admin,dc=example,dc=org";
    private static final Path SLAPD = Path.of("/usr/sbin/slapd");
    private static final Path SLAPADD = Path.of("/usr/sbin/slapadd");
    private static final Path SCHEMA = Path.of("/etc/ldap/schema");

    private final Path dir;
    private final int port;
    private final Path config;
    private Process process;

    private Slapd(String ldif) throws IOException, InterruptedException {
        dir = Files.createTempDirectory("postroom-it-slapd");
        Files.createDirectories(dir.resolve("db"));
        config = dir.resolve("slapd.conf");
        Files.writeString(config, String.join("\n",
                "include " + SCHEMA.resolve("core.schema"),
                "include " + SCHEMA.resolve("cosine.schema"),
                "include " + SCHEMA.resolve("inetorgperson.schema"),
                "pidfile " + dir.resolve("slapd.pid"),
                "modulepath /usr/lib/ldap",
                "moduleload back_mdb",
                "database mdb",
                "maxsize 10485760",
                "suffix \"" + BASE_DN + "\"",
                "rootdn \"" + ADMIN_DN + "\"",
                "rootpw admin-pw",
                "directory " + dir.resolve("db"),
                "access to attrs=userPassword by anonymous auth by * none",
                "access to * by * read",
                ""));
        Files.writeString(dir.resolve("data.ldif"), ldif);
        run(SLAPADD.toString(), "-q", "-f", config.toString(), "-l", dir.resolve("data.ldif").toString());
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        launch();
    }

    private void launch() throws IOException, InterruptedException {
        process = new ProcessBuilder(SLAPD.toString(), "-d", "0", "-f", config.toString(), "-h", url() + "/")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("slapd.log")
                        .toFile()))
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!listening()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("slapd did not start: " + Files.readString(dir.resolve("slapd.log")));
            }
            Thread.sleep(50);
        }
    }

    /** Stops the server (a directory outage); its data and port stay for {@link #resume()}. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the stopped server again on the same port with the same data. */
    void resume() throws IOException, InterruptedException {
        if (!process.isAlive()) {
            launch();
        }
    }

    /** Adds entries (LDIF) to the running server as its administrator. */
    void add(String ldif) throws IOException, InterruptedException {
        Path file = Files.createTempFile(dir, "add", ".ldif");
        Files.writeString(file, ldif);
        run("/usr/bin/ldapadd", "-x", "-H", url(), "-D", ADMIN_DN, "-w", "admin-pw", "-f", file.toString());
    }

    /** Starts a slapd holding {@code ldif} (entries under {@link #BASE_DN}, the base entry included). */
    static Slapd start(String ldif) throws IOException, InterruptedException {
        boolean installed = Files.isExecutable(SLAPD) && Files.isExecutable(SLAPADD);
        if (!installed && "true".equals(System.getenv("CI"))) {
            fail("slapd is not installed (Debian packages slapd and ldap-utils; .ci/run installs them)");
        }
        assumeTrue(installed, "slapd is not installed: the directory integration test is skipped");
        return new Slapd(ldif);
    }

    String url() {
        return "ldap://127.0.0.1:" + port;
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    @Override
    public void close() {
        if (process != null) {
            stop();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
