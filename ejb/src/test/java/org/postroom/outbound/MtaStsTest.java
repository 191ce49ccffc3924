package org.postroom.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.postroom.connector.api.outbound.TlsPolicy;

/**
 * MTA-STS (RFC 8461) without a network: the policy's grammar and mx patterns, the cache by record id and max_age,
 * what a failed lookup or fetch leaves in force, the HTTP response rules, and what the router makes of each mode.
 */
class MtaStsTest {

    private static final String ENFORCE = "version: STSv1\r\nmode: enforce\r\nmx: mx1.sts.test\r\nmx: *.backup.test\r\n"
            + "max_age: 86400\r\n";

    private Instant now = Instant.parse("2026-12-07T20:00:00Z");
    private final Map<String, MxResolver.Answer<List<String>>> txt = new HashMap<>();
    private final Map<String, String> policies = new HashMap<>();
    private final List<String> fetched = new ArrayList<>();

    private final MtaSts mtaSts = new MtaSts(name -> txt.getOrDefault(name, new MxResolver.Answer.NoSuchName<>()),
            domain -> {
                fetched.add(domain);
                String p = policies.get(domain);
                if (p == null) {
                    throw new IOException("connection refused");
                }
                return p;
            }, new Clock() {
                @Override
                public ZoneOffset getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return now;
                }
            });

    private void record(String domain, String... values) {
        txt.put("_mta-sts." + domain, new MxResolver.Answer.Found<>(List.of(values)));
    }

    @Test
    void aPolicyIsParsedWithItsModePatternsAndMaxAge() {
        MtaStsPolicy p = MtaStsPolicy.parse(ENFORCE);
        assertEquals(MtaStsPolicy.Mode.ENFORCE, p.mode());
        assertEquals(List.of("mx1.sts.test", "*.backup.test"), p.mx());
        assertEquals(Duration.ofDays(1), p.maxAge());
        assertEquals(MtaStsPolicy.Mode.TESTING,
                MtaStsPolicy.parse("version: STSv1\nmode: testing\nmx: a.test\nmax_age: 5\nfuture: x\n").mode());
        assertEquals(MtaStsPolicy.Mode.NONE, MtaStsPolicy.parse("version: STSv1\nmode: none\nmax_age: 5\n").mode());
    }

    @Test
    void malformedPoliciesAreRefusedNamingTheProblem() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> MtaStsPolicy.parse("version: STSv2\nmode: enforce\nmx: a.test\nmax_age: 5\n")).getMessage()
                .contains("version"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> MtaStsPolicy.parse("version: STSv1\nmode: strict\nmx: a.test\nmax_age: 5\n")).getMessage()
                .contains("strict"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> MtaStsPolicy.parse("version: STSv1\nmode: enforce\nmax_age: 5\n")).getMessage()
                .contains("no mx"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> MtaStsPolicy.parse("version: STSv1\nmode: enforce\nmx: a.test\nmax_age: 31557601\n"))
                .getMessage().contains("max_age"));
        assertThrows(IllegalArgumentException.class,
                () -> MtaStsPolicy.parse("version: STSv1\nmode: enforce\nmx: a.test\n"));
        assertThrows(IllegalArgumentException.class,
                () -> MtaStsPolicy.parse("version: STSv1\nmode: enforce\nmx: *.*.test\nmax_age: 5\n"));
        assertThrows(IllegalArgumentException.class, () -> MtaStsPolicy.parse("<html>not a policy</html>\n"));
    }

    @Test
    void aWildcardStandsForExactlyOneLabel() {
        MtaStsPolicy p = MtaStsPolicy.parse(ENFORCE);
        assertTrue(p.matches("mx1.sts.test"));
        assertTrue(p.matches("MX1.STS.TEST."));
        assertTrue(p.matches("b1.backup.test"));
        assertFalse(p.matches("backup.test"));
        assertFalse(p.matches("a.b1.backup.test"));
        assertFalse(p.matches("mx2.sts.test"));
    }

    @Test
    void thePolicyIsFetchedOnceAndKeptWhileTheRecordIdStaysAndMaxAgeLasts() {
        record("sts.test", "v=STSv1; id=20261207a");
        policies.put("sts.test", ENFORCE);
        assertEquals(MtaStsPolicy.Mode.ENFORCE, mtaSts.policy("sts.test").orElseThrow().mode());
        assertEquals(MtaStsPolicy.Mode.ENFORCE, mtaSts.policy("sts.test").orElseThrow().mode());
        assertEquals(1, fetched.size(), "cached");
        record("sts.test", "v=STSv1; id=20261207b");
        policies.put("sts.test", ENFORCE.replace("enforce", "testing"));
        assertEquals(MtaStsPolicy.Mode.TESTING, mtaSts.policy("sts.test").orElseThrow().mode());
        assertEquals(2, fetched.size(), "a new id, a new fetch");
        now = now.plus(Duration.ofDays(2));
        mtaSts.policy("sts.test");
        assertEquals(3, fetched.size(), "max_age passed");
    }

    @Test
    void aCachedPolicyHoldsWhenTheRecordVanishesOrTheFetchFailsUntilItExpires() {
        record("sts.test", "v=STSv1; id=1");
        policies.put("sts.test", ENFORCE);
        mtaSts.policy("sts.test");
        txt.put("_mta-sts.sts.test", new MxResolver.Answer.TryAgain<>("timeout"));
        assertTrue(mtaSts.policy("sts.test").isPresent(), "a blocked lookup does not downgrade");
        record("sts.test", "v=STSv1; id=2");
        policies.remove("sts.test");
        assertEquals(MtaStsPolicy.Mode.ENFORCE, mtaSts.policy("sts.test").orElseThrow().mode(),
                "a blocked fetch does not downgrade");
        now = now.plus(Duration.ofDays(2));
        assertTrue(mtaSts.policy("sts.test").isEmpty(), "expired, nothing to fetch: no policy");
    }

    @Test
    void noRecordSeveralRecordsOrAnUnfetchablePolicyMeanNoPolicy() {
        assertTrue(mtaSts.policy("plain.test").isEmpty());
        assertTrue(fetched.isEmpty(), "no record, no fetch");
        record("two.test", "v=STSv1; id=1", "v=STSv1; id=2");
        policies.put("two.test", ENFORCE);
        assertTrue(mtaSts.policy("two.test").isEmpty());
        record("down.test", "v=STSv1; id=1");
        assertTrue(mtaSts.policy("down.test").isEmpty());
        record("bad.test", "v=STSv1; id=1");
        policies.put("bad.test", "version: STSv1\nmode: enforce\n");
        assertTrue(mtaSts.policy("bad.test").isEmpty());
        record("other.test", "v=spf1 -all", "v=STSv1; id=abc;");
        policies.put("other.test", ENFORCE);
        assertTrue(mtaSts.policy("other.test").isPresent(), "other TXT records are ignored");
    }

    // --- the router

    private final MxResolver.Dns dns = new MxResolver.Dns() {
        @Override
        public MxResolver.Answer<List<MxResolver.Mx>> mx(String name) {
            return new MxResolver.Answer.Found<>(List.of(new MxResolver.Mx(10, "mx1." + name),
                    new MxResolver.Mx(20, "rogue.evil.test")));
        }

        @Override
        public MxResolver.Answer<List<InetAddress>> addresses(String name) {
            try {
                return new MxResolver.Answer.Found<>(List.of(InetAddress.getByName("127.0.0.3")));
            } catch (java.net.UnknownHostException e) {
                throw new AssertionError(e);
            }
        }
    };

    private Route route(String domain) {
        return new Router(new MxResolver(dns, new Random(1)), dns, 25, Optional.empty(), Optional.of(mtaSts))
                .route(domain);
    }

    @Test
    void enforceKeepsOnlyTheMxHostsThePolicyNamesAndRequiresAVerifiedCertificateForThem() {
        record("sts.test", "v=STSv1; id=1");
        policies.put("sts.test", ENFORCE);
        Route.Hosts route = (Route.Hosts) route("sts.test");
        assertEquals(List.of("mx1.sts.test"), route.hosts().stream().map(h -> h.name()).toList());
        assertEquals(new TlsPolicy(TlsPolicy.Mode.VERIFIED, List.of("mx1.sts.test", "*.backup.test")), route.tls());
    }

    @Test
    void enforceWithoutAMatchingMxDefersAndNeverBounces() {
        record("sts.test", "v=STSv1; id=1");
        policies.put("sts.test", ENFORCE.replace("mx: mx1.sts.test\r\n", ""));
        Route.Unroutable route = (Route.Unroutable) route("sts.test");
        assertFalse(route.permanent());
        assertTrue(route.reply().startsWith("451 4.7.5 MTA-STS"), route.reply());
    }

    @Test
    void testingNoneAndNoPolicyLeaveTheRouteOpportunisticWithEveryMx() {
        record("sts.test", "v=STSv1; id=1");
        policies.put("sts.test", ENFORCE.replace("enforce", "testing"));
        Route.Hosts testing = (Route.Hosts) route("sts.test");
        assertEquals(TlsPolicy.OPPORTUNISTIC, testing.tls());
        assertEquals(2, testing.hosts().size());
        Route.Hosts none = (Route.Hosts) route("plain.test");
        assertEquals(TlsPolicy.OPPORTUNISTIC, none.tls());
    }

    // --- the HTTP rules

    private static String body(String response) throws IOException {
        return HttpsPolicyFetcher.body("mta-sts.x.test",
                new ByteArrayInputStream(response.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void aResponseIsReadByLengthChunkedOrToTheEnd() throws IOException {
        assertEquals("abc", body("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nabcdef"));
        assertEquals("version: STSv1\n", body("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n9\r\nversion: \r\n6;ext=1\r\nSTSv1\n\r\n0\r\n\r\n"));
        assertEquals("all", body("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall"));
    }

    @Test
    void aRedirectAnotherTypeOrATooLargeBodyIsRefused() {
        assertTrue(assertThrows(IOException.class, () -> body("HTTP/1.1 301 Moved\r\nLocation: https://evil.test/\r\n"
                + "\r\n")).getMessage().contains("301"));
        assertTrue(assertThrows(IOException.class, () -> body("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                + "Content-Length: 2\r\n\r\nhi")).getMessage().contains("text/plain"));
        assertThrows(IOException.class, () -> body("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"
                + "x".repeat(HttpsPolicyFetcher.MAX_BODY + 1)));
        assertThrows(IOException.class, () -> body("SSH-2.0-OpenSSH\r\n"));
        assertThrows(IOException.class, () -> body(""));
        assertThrows(IOException.class,
                () -> body("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\nshort"));
    }
}
