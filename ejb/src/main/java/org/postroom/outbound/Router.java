package org.postroom.outbound;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

import org.postroom.connector.api.outbound.RelayLogin;
import org.postroom.connector.api.outbound.RemoteHost;
import org.postroom.connector.api.outbound.TlsPolicy;

/**
 * Where the mail for a remote domain goes (RFC 5321 section 5): to the smart host when one is set
 * ({@code POSTROOM_RELAY_HOST}, TLS required when it has a login), otherwise to the domain's mail exchangers
 * ({@link MxResolver}) on {@code POSTROOM_OUTBOUND_PORT}, each address a candidate host in order, STARTTLS
 * opportunistic, unless the domain has an MTA-STS policy in {@code enforce} mode ({@link MtaSts}, ADR 0062): then only
 * the MX hosts it names, and only over TLS with a certificate valid for one of its {@code mx} patterns ({@code testing}
 * only logs). Hosted domains never get here: the caller routes them to the mailboxes.
 */
public final class Router {

    private static final Logger LOG = Logger.getLogger(Router.class.getName());

    /** The most candidate hosts one transaction gets (Postfix tries at most 5 MX hosts by default). */
    static final int MAX_HOSTS = 10;

    /** The smart host: name, port, and its login when set. */
    public record SmartHost(String host, int port, Optional<RelayLogin> login) {
        public SmartHost {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(login, "login");
        }

        /**
         * Parses {@code POSTROOM_RELAY_HOST} ({@code host:port}, {@code host} for port 25, {@code [v6]:port}).
         *
         * @throws IllegalArgumentException for a malformed value
         */
        public static SmartHost parse(String value, Optional<String> user, Optional<String> password) {
            String v = value.trim();
            String host = v;
            int port = 25;
            int colon = v.lastIndexOf(':');
            if (v.startsWith("[")) {
                int close = v.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("postroom.relay.host: unclosed [ in " + value);
                }
                host = v.substring(1, close);
                if (close + 1 < v.length()) {
                    if (v.charAt(close + 1) != ':') {
                        throw new IllegalArgumentException("postroom.relay.host: bad value " + value);
                    }
                    port = port(v.substring(close + 2), value);
                }
            } else if (colon >= 0 && colon == v.indexOf(':')) {
                host = v.substring(0, colon);
                port = port(v.substring(colon + 1), value);
            }
            if (host.isEmpty()) {
                throw new IllegalArgumentException("postroom.relay.host names no host: " + value);
            }
            Optional<RelayLogin> login = user.map(u -> new RelayLogin(u, password.orElse("")));
            return new SmartHost(host, port, login);
        }

        private static int port(String text, String value) {
            try {
                int port = Integer.parseInt(text);
                if (port >= 1 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new IllegalArgumentException("postroom.relay.host: bad port in " + value);
        }
    }

    private final MxResolver mx;
    private final MxResolver.Dns dns;
    private final int port;
    private final Optional<SmartHost> smartHost;
    private final Optional<MtaSts> mtaSts;

    /** A router without MTA-STS. */
    public Router(MxResolver mx, MxResolver.Dns dns, int port, Optional<SmartHost> smartHost) {
        this(mx, dns, port, smartHost, Optional.empty());
    }

    /** A router that applies the MTA-STS policies {@code mtaSts} finds to MX routes (ADR 0062). */
    public Router(MxResolver mx, MxResolver.Dns dns, int port, Optional<SmartHost> smartHost,
            Optional<MtaSts> mtaSts) {
        this.mx = Objects.requireNonNull(mx, "mx");
        this.dns = Objects.requireNonNull(dns, "dns");
        this.port = port;
        this.smartHost = Objects.requireNonNull(smartHost, "smartHost");
        this.mtaSts = Objects.requireNonNull(mtaSts, "mtaSts");
    }

    /** The route for mail to {@code domain}. */
    public Route route(String domain) {
        if (smartHost.isPresent()) {
            return viaSmartHost(smartHost.get());
        }
        MxResolver.Result result = mx.resolve(domain);
        if (result instanceof MxResolver.Result.Permanent p) {
            return new Route.Unroutable(true, p.reply());
        }
        if (result instanceof MxResolver.Result.Temporary t) {
            return new Route.Unroutable(false, t.reply());
        }
        List<MxResolver.Exchanger> exchangers = ((MxResolver.Result.Exchangers) result).exchangers();
        TlsPolicy tls = TlsPolicy.OPPORTUNISTIC;
        Optional<MtaStsPolicy> policy = mtaSts.flatMap(m -> m.policy(domain));
        if (policy.isPresent() && policy.get().mode() != MtaStsPolicy.Mode.NONE) {
            MtaStsPolicy p = policy.get();
            List<MxResolver.Exchanger> matching = exchangers.stream().filter(e -> p.matches(e.name())).toList();
            if (p.mode() == MtaStsPolicy.Mode.ENFORCE) {
                // RFC 8461 section 5: only MX hosts the policy names, only over TLS with a certificate for them
                if (matching.isEmpty()) {
                    return new Route.Unroutable(false, "451 4.7.5 MTA-STS (enforce): no MX host of " + domain
                            + " matches its policy " + p.mx());
                }
                exchangers = matching;
                tls = new TlsPolicy(TlsPolicy.Mode.VERIFIED, p.mx());
            } else if (matching.size() < exchangers.size()) {
                LOG.warning("MTA-STS (testing): " + domain + " has MX hosts its policy " + p.mx()
                        + " does not name; sending as without MTA-STS");
            }
        }
        List<RemoteHost> hosts = new ArrayList<>();
        for (MxResolver.Exchanger exchanger : exchangers) {
            for (InetAddress address : exchanger.addresses()) {
                if (hosts.size() < MAX_HOSTS) {
                    hosts.add(new RemoteHost(exchanger.name(), address, port));
                }
            }
        }
        return new Route.Hosts(hosts, tls, Optional.empty());
    }

    private Route viaSmartHost(SmartHost relay) {
        TlsPolicy tls = relay.login().isPresent()
                ? new TlsPolicy(TlsPolicy.Mode.REQUIRED, List.of())
                : TlsPolicy.OPPORTUNISTIC;
        List<InetAddress> addresses;
        if (isAddressLiteral(relay.host())) {
            try {
                addresses = List.of(InetAddress.getByName(relay.host()));
            } catch (java.net.UnknownHostException e) {
                return new Route.Unroutable(false, "451 4.4.3 the smart host " + relay.host() + " is no address");
            }
        } else {
            MxResolver.Answer<List<InetAddress>> answer = dns.addresses(relay.host());
            if (answer instanceof MxResolver.Answer.Found<List<InetAddress>> found && !found.records().isEmpty()) {
                addresses = found.records();
            } else {
                // a misconfigured smart host is the administrator's to fix: the mail waits, it does not bounce
                return new Route.Unroutable(false, "451 4.4.3 the smart host " + relay.host()
                        + " has no address for now (" + answer.getClass().getSimpleName() + ")");
            }
        }
        List<RemoteHost> hosts = addresses.stream().limit(MAX_HOSTS)
                .map(a -> new RemoteHost(relay.host(), a, relay.port())).toList();
        return new Route.Hosts(hosts, tls, relay.login());
    }

    static boolean isAddressLiteral(String host) {
        return host.chars().allMatch(c -> Character.digit(c, 10) >= 0 || c == '.')
                || host.indexOf(':') >= 0;
    }
}
