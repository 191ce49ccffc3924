package org.postroom.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postroom.connector.api.outbound.RemoteHost;
import org.postroom.model.world.Unbound;
import org.postroom.model.world.Unbound.Zone;

/**
 * Routing against a real DNS server: Debian's {@code unbound}, started by the test on a free 127.0.0.1 port with its
 * own zones ({@code local-data}: MX, A, AAAA, null MX, CNAME), queried through {@link DnsJavaDns} as
 * {@code POSTROOM_DNS_SERVERS=127.0.0.1:<port>} configures it. Skipped with a message when unbound is not installed,
 * except under CI (CI=true), where it fails: {@code .ci/run} installs it.
 */
class UnboundDnsTest {

    private static Unbound unbound;

    @BeforeAll
    static void startUnbound() throws Exception {
        unbound = Unbound.start(List.of(
                new Zone("remote.test", "remote.test. 300 IN MX 20 mx2.remote.test.",
                        "remote.test. 300 IN MX 10 mx1.remote.test.", "mx1.remote.test. 300 IN A 127.0.0.3",
                        "mx1.remote.test. 300 IN AAAA ::1", "mx2.remote.test. 300 IN A 127.0.0.4"),
                new Zone("nullmx.test", "nullmx.test. 300 IN MX 0 ."),
                new Zone("plain.test", "plain.test. 300 IN A 127.0.0.5"),
                new Zone("alias.test", "mail.alias.test. 300 IN CNAME target.other.test."),
                new Zone("other.test", "target.other.test. 300 IN MX 10 mx1.remote.test.")));
    }

    @AfterAll
    static void stopUnbound() throws InterruptedException {
        if (unbound != null) {
            unbound.close();
        }
    }

    private Router router() {
        DnsJavaDns dns = DnsJavaDns.forServers(unbound.server(), Duration.ofSeconds(2));
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
        DnsJavaDns dns = DnsJavaDns.forServers(unbound.server(), Duration.ofMillis(300));
        assertInstanceOf(MxResolver.Answer.Found.class, dns.mx("remote.test"));
        // the same resolver asked again after the server went away answers from its cache (TTL 300 s)
        stopAndCheckCached(dns);
    }

    private void stopAndCheckCached(DnsJavaDns dns) {
        try {
            unbound.close();
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
