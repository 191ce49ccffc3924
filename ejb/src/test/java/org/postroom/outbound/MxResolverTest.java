package org.postroom.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.postroom.outbound.MxResolver.Answer;
import org.postroom.outbound.MxResolver.Mx;
import org.postroom.outbound.MxResolver.Result;

class MxResolverTest {

    private final Map<String, Answer<List<Mx>>> mx = new HashMap<>();
    private final Map<String, Answer<List<InetAddress>>> addresses = new HashMap<>();
    private final MxResolver.Dns dns = new MxResolver.Dns() {
        @Override
        public Answer<List<Mx>> mx(String name) {
            return mx.getOrDefault(name, new Answer.NoSuchName<>());
        }

        @Override
        public Answer<List<InetAddress>> addresses(String name) {
            return addresses.getOrDefault(name, new Answer.NoSuchName<>());
        }
    };

    private static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private List<String> names(Result result) {
        return ((Result.Exchangers) result).exchangers().stream().map(MxResolver.Exchanger::name).toList();
    }

    @Test
    void exchangersComeInPreferenceOrderWithTheirIpv4AndIpv6Addresses() {
        mx.put("remote.test",
                new Answer.Found<>(List.of(new Mx(20, "mx2.remote.test"), new Mx(10, "mx1.remote.test"))));
        addresses.put("mx1.remote.test", new Answer.Found<>(List.of(ip("127.0.0.3"), ip("::1"))));
        addresses.put("mx2.remote.test", new Answer.Found<>(List.of(ip("127.0.0.4"))));
        Result r = new MxResolver(dns, new Random(1)).resolve("Remote.TEST");
        assertEquals(List.of("mx1.remote.test", "mx2.remote.test"), names(r));
        assertEquals(List.of(ip("127.0.0.3"), ip("::1")),
                ((Result.Exchangers) r).exchangers().get(0).addresses());
    }

    @Test
    void equalPreferencesAreShuffledButStayBehindBetterOnes() {
        mx.put("remote.test", new Answer.Found<>(List.of(new Mx(10, "a.test"), new Mx(10, "b.test"),
                new Mx(10, "c.test"), new Mx(5, "first.test"))));
        for (String h : List.of("a.test", "b.test", "c.test", "first.test")) {
            addresses.put(h, new Answer.Found<>(List.of(ip("127.0.0.5"))));
        }
        Set<List<String>> orders = new HashSet<>();
        for (int seed = 0; seed < 50; seed++) {
            List<String> order = names(new MxResolver(dns, new Random(seed)).resolve("remote.test"));
            assertEquals("first.test", order.get(0));
            orders.add(order.subList(1, 4));
        }
        assertTrue(orders.size() > 1, "equal preferences come in more than one order: " + orders);
    }

    @Test
    void aDomainWithoutMxIsItsOwnImplicitMxWhenItHasAnAddress() {
        mx.put("plain.test", new Answer.NoData<>());
        addresses.put("plain.test", new Answer.Found<>(List.of(ip("127.0.0.6"))));
        assertEquals(List.of("plain.test"), names(new MxResolver(dns, new Random()).resolve("plain.test")));
        mx.put("empty.test", new Answer.NoData<>());
        addresses.put("empty.test", new Answer.NoData<>());
        Result none = new MxResolver(dns, new Random()).resolve("empty.test");
        assertTrue(((Result.Permanent) none).reply().startsWith("550 5.1.2 "), none.toString());
    }

    @Test
    void aNullMxIsAPermanentFailureWith5_1_10() {
        mx.put("nullmx.test", new Answer.Found<>(List.of(new Mx(0, ""))));
        Result r = new MxResolver(dns, new Random()).resolve("nullmx.test");
        assertTrue(((Result.Permanent) r).reply().startsWith("550 5.1.10 "), r.toString());
    }

    @Test
    void aDomainThatDoesNotExistBouncesButATimeoutOrServfailDefers() {
        assertInstanceOf(Result.Permanent.class, new MxResolver(dns, new Random()).resolve("nowhere.test"));
        mx.put("slow.test", new Answer.TryAgain<>("timed out"));
        Result slow = new MxResolver(dns, new Random()).resolve("slow.test");
        assertTrue(((Result.Temporary) slow).reply().startsWith("451 4.4.3 "), slow.toString());
        mx.put("half.test", new Answer.Found<>(List.of(new Mx(10, "mx.half.test"))));
        addresses.put("mx.half.test", new Answer.TryAgain<>("SERVFAIL"));
        assertInstanceOf(Result.Temporary.class, new MxResolver(dns, new Random()).resolve("half.test"),
                "the only MX host's address lookup failed for now");
    }

    @Test
    void anMxHostWithoutAddressIsSkippedForTheNext() {
        mx.put("remote.test", new Answer.Found<>(List.of(new Mx(10, "gone.test"), new Mx(20, "mx2.remote.test"))));
        addresses.put("mx2.remote.test", new Answer.Found<>(List.of(ip("127.0.0.4"))));
        assertEquals(List.of("mx2.remote.test"), names(new MxResolver(dns, new Random()).resolve("remote.test")));
    }
}
