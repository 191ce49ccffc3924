package org.postroom.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.postroom.connector.api.outbound.TlsPolicy;

class RouterTest {

    private final MxResolver.Dns dns = new MxResolver.Dns() {
        @Override
        public MxResolver.Answer<List<MxResolver.Mx>> mx(String name) {
            return new MxResolver.Answer.Found<>(List.of(new MxResolver.Mx(10, "mx." + name)));
        }

        @Override
        public MxResolver.Answer<List<InetAddress>> addresses(String name) {
            try {
                return name.startsWith("mx.") || name.equals("relay.test")
                        ? new MxResolver.Answer.Found<>(List.of(InetAddress.getByName("127.0.0.3"),
                                InetAddress.getByName("::1")))
                        : new MxResolver.Answer.TryAgain<>("timed out");
            } catch (java.net.UnknownHostException e) {
                throw new AssertionError(e);
            }
        }
    };

    @Test
    void mailGoesToEachAddressOfTheExchangersOnTheOutboundPort() {
        Route.Hosts route = (Route.Hosts) new Router(new MxResolver(dns, new Random()), dns, 2525, Optional.empty())
                .route("remote.test");
        assertEquals(List.of("mx.remote.test[127.0.0.3]:2525", "mx.remote.test[0:0:0:0:0:0:0:1]:2525"),
                route.hosts().stream().map(Object::toString).toList());
        assertEquals(TlsPolicy.OPPORTUNISTIC, route.tls());
    }

    @Test
    void theSmartHostTakesEverythingAndRequiresTlsWhenItHasALogin() {
        Router router = new Router(new MxResolver(dns, new Random()), dns, 25,
                Optional.of(Router.SmartHost.parse("relay.test:587", Optional.of("u"), Optional.of("p"))));
        Route.Hosts route = (Route.Hosts) router.route("anywhere.test");
        assertEquals("relay.test[127.0.0.3]:587", route.hosts().get(0).toString());
        assertEquals(TlsPolicy.Mode.REQUIRED, route.tls().mode());
        assertEquals("u", route.login().orElseThrow().user());
        Route.Hosts open = (Route.Hosts) new Router(new MxResolver(dns, new Random()), dns, 25,
                Optional.of(Router.SmartHost.parse("[::1]", Optional.empty(), Optional.empty()))).route("x.test");
        assertEquals(TlsPolicy.OPPORTUNISTIC, open.tls());
        assertEquals(25, open.hosts().get(0).port());
    }

    @Test
    void aSmartHostWithoutAddressDefersInsteadOfBouncing() {
        Route route = new Router(new MxResolver(dns, new Random()), dns, 25,
                Optional.of(Router.SmartHost.parse("broken.test:25", Optional.empty(), Optional.empty())))
                .route("x.test");
        assertEquals(false, ((Route.Unroutable) route).permanent());
    }

    @Test
    void badSmartHostsAndDnsServerListsAreRefusedWithTheSettingsName() {
        for (String bad : new String[]{"relay.test:0", "relay.test:x", "[::1", ":25"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Router.SmartHost.parse(bad, Optional.empty(), Optional.empty()), bad);
            assertTrue(e.getMessage().startsWith("postroom.relay.host"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> DnsJavaDns.parseServers("127.0.0.1:99999"));
        assertThrows(IllegalArgumentException.class, () -> DnsJavaDns.parseServers(" , "));
    }

    @Test
    void dnsServersAreHostsWithOptionalPorts() throws Exception {
        assertEquals(List.of(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 53),
                new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 5353),
                new InetSocketAddress(InetAddress.getByName("::1"), 5300),
                new InetSocketAddress(InetAddress.getByName("::1"), 53)),
                DnsJavaDns.parseServers("127.0.0.1, 127.0.0.2:5353,[::1]:5300,::1"));
    }
}
