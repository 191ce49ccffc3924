package org.postroom.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postroom.connector.api.outbound.RemoteHost;

/**
 * Routing against a real DNS server: Debian's {@code unbound}, started by the test on a free 127.0.0.1 port with its
 * own zones ({@code local-data}: MX, A, AAAA, null MX, CNAME), queried through {@link DnsJavaDns} as
 * {@code POSTROOM_DNS_SERVERS=127.0.0.1:<port>} configures it. Skipped with a message when unbound is not installed,
 * except under CI (CI=true), where it fails: {@code .ci/run} installs it.
 */
class UnboundDnsTest {

    private static final Path UNBOUND = Path.of("/usr/sbin/unbound");

    @TempDir
    static Path dir;
    private static Process unbound;
    private static int port;

    @BeforeAll
    static void startUnbound() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        if (!Files.isExecutable(UNBOUND)) {
            if (ci) {
                throw new AssertionError("unbound is not installed; .ci/run installs the Debian package unbound");
            }
            assumeTrue(false, "unbound is not installed (Debian package unbound): skipping the DNS routing test");
        }
        port = freePort();
        Path conf = dir.resolve("unbound.conf");
        Files.writeString(conf, String.join("\n",
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
                "  module-config: \"iterator\"",
                "  local-zone: \"remote.test.\" static",
                "  local-data: \"remote.test. 300 IN MX 20 mx2.remote.test.\"",
                "  local-data: \"remote.test. 300 IN MX 10 mx1.remote.test.\"",
                "  local-data: \"mx1.remote.test. 300 IN A 127.0.0.3\"",
                "  local-data: \"mx1.remote.test. 300 IN AAAA ::1\"",
                "  local-data: \"mx2.remote.test. 300 IN A 127.0.0.4\"",
                "  local-zone: \"nullmx.test.\" static",
                "  local-data: \"nullmx.test. 300 IN MX 0 .\"",
                "  local-zone: \"plain.test.\" static",
                "  local-data: \"plain.test. 300 IN A 127.0.0.5\"",
                "  local-zone: \"alias.test.\" static",
                "  local-data: \"mail.alias.test. 300 IN CNAME target.other.test.\"",
                "  local-zone: \"other.test.\" static",
                "  local-data: \"target.other.test. 300 IN MX 10 mx1.remote.test.\"",
                "remote-control:",
                "  control-enable: no",
                ""));
        unbound = new ProcessBuilder(UNBOUND.toString(), "-d", "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("unbound.log").toFile())
                .start();
        DnsJavaDns dns = DnsJavaDns.forServers("127.0.0.1:" + port, Duration.ofMillis(500));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!(dns.addresses("plain.test") instanceof MxResolver.Answer.Found)) {
            if (!unbound.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("unbound did not start: " + Files.readString(dir.resolve("unbound.log")));
            }
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stopUnbound() throws InterruptedException {
        if (unbound != null) {
            unbound.destroy();
            if (!unbound.waitFor(10, TimeUnit.SECONDS)) {
                unbound.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
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

    private Router router() {
        DnsJavaDns dns = DnsJavaDns.forServers("127.0.0.1:" + port, Duration.ofSeconds(2));
        return new Router(new MxResolver(dns, new Random()), dns, 2525, Optional.empty());
    }

    private static List<String> hosts(Route route) {
        return ((Route.Hosts) route).hosts().stream().map(RemoteHost::toString).toList();
    }

    @Test
    void mxHostsComeInPreferenceOrderWithIpv4AndIpv6Addresses() {
        assertEquals(List.of("mx1.remote.test[127.0.0.3]:2525", "mx1.remote.test[0:0:0:0:0:0:0:1]:2525",
                "mx2.remote.test[127.0.0.4]:2525"), hosts(router().route("remote.test")));
    }

    @Test
    void aDomainWithoutMxIsItsOwnExchanger() {
        assertEquals(List.of("plain.test[127.0.0.5]:2525"), hosts(router().route("plain.test")));
    }

    @Test
    void aNullMxBouncesWith5_1_10() {
        Route.Unroutable route = (Route.Unroutable) router().route("nullmx.test");
        assertTrue(route.permanent());
        assertTrue(route.reply().startsWith("550 5.1.10 "), route.reply());
    }

    @Test
    void aCnameIsFollowedToItsMxRecords() {
        assertEquals(List.of("mx1.remote.test[127.0.0.3]:2525", "mx1.remote.test[0:0:0:0:0:0:0:1]:2525"),
                hosts(router().route("mail.alias.test")));
    }

    @Test
    void aNameThatDoesNotExistBounces() {
        Route.Unroutable route = (Route.Unroutable) router().route("nothere.remote.test");
        assertTrue(route.permanent(), route.reply());
    }

    @Test
    void aServerThatDoesNotAnswerDefersAndNeverBounces() throws IOException {
        int silent;
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            silent = udp.getLocalPort(); // bound and never read: queries time out
            DnsJavaDns dns = DnsJavaDns.forServers("127.0.0.1:" + silent, Duration.ofMillis(300));
            Route route = new Router(new MxResolver(dns, new Random()), dns, 25, Optional.empty()).route("remote.test");
            assertInstanceOf(Route.Unroutable.class, route);
            assertEquals(false, ((Route.Unroutable) route).permanent(), ((Route.Unroutable) route).reply());
        }
    }

    @Test
    void answersAreCachedForTheirTtl() {
        DnsJavaDns dns = DnsJavaDns.forServers("127.0.0.1:" + port, Duration.ofMillis(300));
        assertInstanceOf(MxResolver.Answer.Found.class, dns.mx("remote.test"));
        // the same resolver asked again after the server went away answers from its cache (TTL 300 s)
        stopAndCheckCached(dns);
    }

    private void stopAndCheckCached(DnsJavaDns dns) {
        Process running = unbound;
        try {
            running.destroy();
            running.waitFor(10, TimeUnit.SECONDS);
            assertInstanceOf(MxResolver.Answer.Found.class, dns.mx("remote.test"), "from the cache");
            assertInstanceOf(MxResolver.Answer.TryAgain.class, dns.mx("plain.test"), "not cached: asked, no answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                startUnbound();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }
}
