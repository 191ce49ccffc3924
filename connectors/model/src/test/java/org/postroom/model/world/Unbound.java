package org.postroom.model.world;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A real DNS server for the tests: Debian's {@code unbound}, in the foreground on a free 127.0.0.1 port (UDP and TCP),
 * with its own configuration and temporary directory, answering only from the zones it is given ({@code local-zone}
 * static, {@code local-data} lines) and never recursing. Shared by the routing tests (ejb), the adapter's tests and the
 * integration tests. Skipped (an assumption) when unbound is not installed, except under CI (CI=true), where that fails.
 */
public final class Unbound implements AutoCloseable {

    private static final Path UNBOUND = Path.of("/usr/sbin/unbound");

    private final Path dir;
    private final int port;
    private final Process process;

    /**
     * Starts unbound with these zones.
     *
     * @param zones each zone's name (without the final dot) and its records in zone-file syntax, e.g.
     *            {@code "remote.test. 300 IN MX 10 mx1.remote.test."}
     */
    public static Unbound start(List<Zone> zones) throws IOException, InterruptedException {
        if (!Files.isExecutable(UNBOUND)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("unbound is not installed; .ci/run installs the Debian package unbound");
            }
            Assumptions.assumeTrue(false, "unbound is not installed (Debian package unbound): skipped");
        }
        return new Unbound(zones);
    }

    /** A static zone: names under it that {@code records} do not list are NXDOMAIN. */
    public record Zone(String name, List<String> records) {
        public Zone(String name, String... records) {
            this(name, List.of(records));
        }
    }

    private Unbound(List<Zone> zones) throws IOException, InterruptedException {
        dir = Files.createTempDirectory("postroom-unbound");
        port = freeUdpAndTcpPort();
        List<String> conf = new ArrayList<>(List.of(
                "server:",
                "  interface: 127.0.0.1",
                "  port: " + port,
                "  do-daemonize: no",
                "  use-syslog: no",
                "  logfile: \"\"",
                "  username: \"\"",
                "  chroot: \"\"",
                "  directory: \"" + dir + "\"",
                "  pidfile: \"" + dir.resolve("unbound.pid") + "\"",
                "  access-control: 127.0.0.0/8 allow",
                "  do-ip6: no",
                "  module-config: \"iterator\""));
        for (Zone zone : zones) {
            conf.add("  local-zone: \"" + zone.name() + ".\" static");
            for (String record : zone.records()) {
                // a record with quotes in it (TXT) goes in single quotes, as unbound.conf(5) shows
                conf.add("  local-data: " + (record.contains("\"") ? "'" + record + "'" : "\"" + record + "\""));
            }
        }
        conf.addAll(List.of("remote-control:", "  control-enable: no", ""));
        Path file = dir.resolve("unbound.conf");
        Files.writeString(file, String.join("\n", conf), StandardCharsets.US_ASCII);
        process = new ProcessBuilder(UNBOUND.toString(), "-d", "-c", file.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("unbound.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!answers()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String log = log();
                close();
                throw new IllegalStateException("unbound did not start: " + log);
            }
            Thread.sleep(100);
        }
    }

    /** The port unbound listens on, at 127.0.0.1. */
    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:port}, as {@code POSTROOM_DNS_SERVERS} takes it. */
    public String server() {
        return "127.0.0.1:" + port;
    }

    /** What unbound logged. */
    public String log() {
        try {
            return Files.readString(dir.resolve("unbound.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Whether a query for the root's SOA gets any reply (unbound then serves). */
    private boolean answers() {
        byte[] query = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 1};
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(200);
            s.send(new DatagramPacket(query, query.length, InetAddress.getLoopbackAddress(), port));
            DatagramPacket reply = new DatagramPacket(new byte[512], 512);
            s.receive(reply);
            return reply.getLength() >= 12 && reply.getData()[0] == 0x12 && reply.getData()[1] == 0x34;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freeUdpAndTcpPort() throws IOException {
        for (int i = 0; i < 20; i++) {
            try (ServerSocket tcp = new ServerSocket()) {
                tcp.bind(new InetSocketAddress("127.0.0.1", 0));
                int candidate = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", candidate))) {
                    return candidate;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no free port for both UDP and TCP");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // left for the system's temporary directory cleanup
        }
    }
}
