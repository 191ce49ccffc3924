package org.postroom.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postroom.connector.api.outbound.TlsPolicy;
import org.postroom.model.world.Unbound;
import org.postroom.model.world.Unbound.Zone;

/**
 * MTA-STS discovery against a real world on loopback: Debian's {@code unbound} serves the {@code _mta-sts} TXT
 * records, the MX records and {@code mta-sts.<domain>}'s address; the JDK's HTTPS server, started by the test with
 * certificates made by {@code keytool}, serves the policies; the fetcher trusts them through a trust store file, as
 * {@code postroom.outbound.truststore} configures it. Skipped where unbound is missing, except under CI.
 */
class MtaStsWorldTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;
    private static Unbound unbound;
    private static int dnsPort;
    private static final List<HttpsServer> servers = new ArrayList<>();
    private static final AtomicInteger requests = new AtomicInteger();
    private static int goodPort;
    private static int wrongNamePort;
    private static Path trustStore;

    @BeforeAll
    static void startTheWorld() throws Exception {
        // one key pair per name, self-signed, all trusted by one trust store file
        trustStore = dir.resolve("trust.p12");
        for (String name : List.of("mta-sts.sts.test", "wrong.name.test")) {
            Path keys = dir.resolve(name + ".p12");
            keytool("-genkeypair", "-alias", "k", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                    "CN=" + name, "-ext", "SAN=dns:" + name, "-validity", "2", "-keystore", keys.toString(),
                    "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
            Path cer = dir.resolve(name + ".cer");
            keytool("-exportcert", "-alias", "k", "-keystore", keys.toString(), "-storepass", PASSWORD, "-file",
                    cer.toString());
            keytool("-importcert", "-noprompt", "-alias", name, "-file", cer.toString(), "-keystore",
                    trustStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        }
        goodPort = https(dir.resolve("mta-sts.sts.test.p12"));
        wrongNamePort = https(dir.resolve("wrong.name.test.p12"));

        unbound = Unbound.start(List.of(
                new Zone("sts.test", "sts.test. 300 IN MX 10 mx1.sts.test.", "sts.test. 300 IN MX 20 rogue.evil.test.",
                        "mx1.sts.test. 300 IN A 127.0.0.3", "_mta-sts.sts.test. 300 IN TXT \"v=STSv1; id=20261207T1;\"",
                        "mta-sts.sts.test. 300 IN A 127.0.0.1"),
                new Zone("evil.test", "rogue.evil.test. 300 IN A 127.0.0.4"),
                new Zone("plain.test", "plain.test. 300 IN MX 10 mx1.plain.test.",
                        "mx1.plain.test. 300 IN A 127.0.0.5")));
        dnsPort = unbound.port();
    }

    @AfterAll
    static void stopTheWorld() throws InterruptedException {
        servers.forEach(s -> s.stop(0));
        if (unbound != null) {
            unbound.close();
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("keytool " + String.join(" ", args) + ": " + out);
        }
    }

    /** An HTTPS server on 127.0.0.1 with this key store, serving the enforce policy at the well-known path. */
    private static int https(Path keys) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keys)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext(HttpsPolicyFetcher.PATH, exchange -> {
            requests.incrementAndGet();
            byte[] body = "version: STSv1\nmode: enforce\nmx: mx1.sts.test\nmax_age: 86400\n"
                    .getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        servers.add(server);
        return server.getAddress().getPort();
    }

    private static DnsJavaDns dns() {
        return DnsJavaDns.forServers("127.0.0.1:" + dnsPort, Duration.ofSeconds(2));
    }

    private static Router router(int httpsPort) {
        DnsJavaDns dns = dns();
        SSLContext tls = TrustStores.context(Optional.of(trustStore.toString()), Optional.of(PASSWORD));
        MtaSts mtaSts = new MtaSts(dns, new HttpsPolicyFetcher(dns, tls, httpsPort, Duration.ofSeconds(10)),
                Clock.systemUTC());
        return new Router(new MxResolver(dns, new Random()), dns, 2525, Optional.empty(), Optional.of(mtaSts));
    }

    @Test
    void anEnforcePolicyFoundInDnsAndFetchedOverHttpsMakesTheRouteVerifiedToItsMxOnly() {
        Router router = router(goodPort);
        int before = requests.get();
        Route.Hosts route = (Route.Hosts) router.route("sts.test");
        assertEquals(List.of("mx1.sts.test[127.0.0.3]:2525"), route.hosts().stream().map(Object::toString).toList());
        assertEquals(new TlsPolicy(TlsPolicy.Mode.VERIFIED, List.of("mx1.sts.test")), route.tls());
        router.route("sts.test");
        assertEquals(before + 1, requests.get(), "the second route used the cached policy");
    }

    @Test
    void aPolicyServerWhoseCertificateNamesAnotherHostIsNotBelievedAndTheMailGoesAsWithoutMtaSts() {
        int before = requests.get();
        Route.Hosts route = (Route.Hosts) router(wrongNamePort).route("sts.test");
        assertEquals(TlsPolicy.OPPORTUNISTIC, route.tls());
        assertEquals(2, route.hosts().size(), "both MX hosts, as without a policy");
        assertEquals(before, requests.get(), "the handshake failed before any request");
    }

    @Test
    void aDomainWithoutTheRecordIsNeverFetched() {
        int before = requests.get();
        Route.Hosts route = (Route.Hosts) router(goodPort).route("plain.test");
        assertEquals(TlsPolicy.OPPORTUNISTIC, route.tls());
        assertEquals(before, requests.get());
        assertTrue(dns().txt("_mta-sts.sts.test") instanceof MxResolver.Answer.Found<List<String>> found
                && found.records().equals(List.of("v=STSv1; id=20261207T1;")));
    }
}
